package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/**
 * A log line quoting an SNS message id with a newline and an escape sequence, logged before the
 * message is proven genuine, stays one line and drives no terminal.
 */
class SafeMessageConverterTest {

  @Test
  void forgedLineAndEscapeSequence_inALoggedValue_stayOnOneHarmlessLine() {
    LoggerContext context = new LoggerContext();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("receiver"),
            Level.WARN,
            "refused an SNS message {}: {}",
            null,
            new Object[] {"m-1\n12:00:00.000 INFO  forged - approved\u001b[2J", "bad signature"});

    String line = new SafeMessageConverter().convert(event);

    assertThat(line)
        .isEqualTo(
            "refused an SNS message m-1\\n12:00:00.000 INFO  forged - approved\\u001B[2J:"
                + " bad signature")
        .doesNotContain("\n");
  }
}
