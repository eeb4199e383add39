package dev.drrunbooks.starter;

import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Checks on what a person types, before anything is sent: run ids from a safe character set, free
 * text bounded and without control characters (a newline in a comment must never forge a log line),
 * positive intervals. Each failure is exit 2 with the reason.
 */
public final class CliInput {

  /** Workflow ids as runbook start makes them, and as the Temporal UI allows them typed. */
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._:/@+=-]{1,255}");

  public static final int MAX_TEXT = 500;

  private CliInput() {}

  public static String runId(String id) {
    if (id == null || id.isBlank()) {
      throw bad("the run id is empty; './runbook start' prints it, e.g. recovery/sandbox/...");
    }
    if (!RUN_ID.matcher(id).matches()) {
      throw bad(
          "run id '"
              + printable(id)
              + "' has characters a run id never has (allowed: letters, digits and . _ : / @ + = -,"
              + " at most 255)");
    }
    return id;
  }

  /** Free text (comment, reason): at most {@value #MAX_TEXT} characters, no control characters. */
  public static String text(String option, String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw bad(option + " is required");
      }
      return null;
    }
    if (value.length() > MAX_TEXT) {
      throw bad(option + " is " + value.length() + " characters; at most " + MAX_TEXT);
    }
    if (!dev.drrunbooks.text.Untrusted.clean(value)) {
      throw bad(option + " contains a control character (newline, tab, escape); use one line");
    }
    return value;
  }

  public static Duration interval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.toMillis() < 100) {
      throw bad("--interval must be at least PT0.1S (was " + interval + ")");
    }
    return interval;
  }

  /** The OS user the CLI runs as, recorded beside the typed name. */
  public static String osUser() {
    return System.getProperty("user.name", "unknown");
  }

  /** The host the CLI runs on, recorded beside the typed name. */
  public static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static String printable(String s) {
    String shown = dev.drrunbooks.text.Untrusted.line(s);
    return shown.length() <= 60 ? shown : shown.substring(0, 60) + "...";
  }

  private static CliException bad(String message) {
    return new CliException(ExitCode.BAD_INPUT, message);
  }
}
