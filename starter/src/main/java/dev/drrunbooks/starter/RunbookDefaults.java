package dev.drrunbooks.starter;

/**
 * Defaults shared by the CLI and the worker; each can be changed by the environment variable named.
 */
public final class RunbookDefaults {

  /** The task queue the worker polls and the CLI starts runs on ({@code RUNBOOK_TASK_QUEUE}). */
  public static final String TASK_QUEUE = "dr-runbooks";

  /** The Temporal frontend ({@code TEMPORAL_ADDRESS}). */
  public static final String ADDRESS = "localhost:7233";

  /** The Temporal namespace ({@code TEMPORAL_NAMESPACE}). */
  public static final String NAMESPACE = "default";

  public static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private RunbookDefaults() {}
}
