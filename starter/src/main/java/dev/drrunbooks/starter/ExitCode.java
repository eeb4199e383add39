package dev.drrunbooks.starter;

/** Exit codes a script can rely on. */
public final class ExitCode {
  /** Done; for {@code watch}, the run completed. */
  public static final int OK = 0;

  /** The run failed (watch, start --watch). */
  public static final int RUN_FAILED = 1;

  /** Bad input: usage, an invalid request, an unknown service. Nothing was started. */
  public static final int BAD_INPUT = 2;

  /**
   * Refused in the run's current state: already running, gate not waiting, approver not allowed,
   * run finished.
   */
  public static final int REFUSED = 3;

  /** No run with that id. */
  public static final int NOT_FOUND = 4;

  /** The Temporal server cannot be reached. */
  public static final int UNREACHABLE = 5;

  /** No worker polls the task queue: the run is recorded and waits; start a worker or cancel it. */
  public static final int NO_WORKER = 6;

  /**
   * Sent, but the run did not take it within seconds (an update, a cancel): its workflow code fails
   * at every attempt, or it did not answer; the message says which and what to do.
   */
  public static final int NOT_TAKEN = 7;

  private ExitCode() {}
}
