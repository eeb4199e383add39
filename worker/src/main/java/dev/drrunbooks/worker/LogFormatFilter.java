package dev.drrunbooks.worker;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets an appender write only when the chosen log format ({@code RUNBOOK_LOG_FORMAT}: {@code text},
 * the default, or {@code json}) is its own, so that logback.xml can keep both appenders attached
 * without a scripting library and without logback warning about an unused one.
 */
public class LogFormatFilter extends Filter<ILoggingEvent> {

  private String format = "text";
  private String chosen = "text";

  /** The format this appender writes. */
  public void setFormat(String format) {
    this.format = format;
  }

  /** The format asked for; anything but json means text. */
  public void setChosen(String chosen) {
    this.chosen = "json".equalsIgnoreCase(chosen == null ? "" : chosen.trim()) ? "json" : "text";
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return format.equals(chosen) ? FilterReply.NEUTRAL : FilterReply.DENY;
  }
}
