package dev.drrunbooks.starter;

/** A failure the CLI reports as one plain line and an exit code, never as a stack trace. */
public class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
