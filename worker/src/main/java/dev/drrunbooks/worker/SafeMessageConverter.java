package dev.drrunbooks.worker;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.drrunbooks.text.Untrusted;

/**
 * {@code %safemsg} in logback.xml: the formatted log message as one safe line ({@link
 * Untrusted#line}). Log messages quote outside text (an SNS message id, an alert's name, a chat
 * user) before anything about it is proven, so a newline or an escape sequence in it must not forge
 * a log line or drive the terminal that tails the log.
 */
public class SafeMessageConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return Untrusted.line(event.getFormattedMessage());
  }
}
