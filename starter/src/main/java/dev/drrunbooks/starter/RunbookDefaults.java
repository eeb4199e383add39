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

  /**
   * Where the Temporal UI lives ({@code RUNBOOK_UI_URL}, e.g. {@code http://temporal-ui:8080}), so
   * {@code start} can print a link to the run; unset, no link (the embedded server has no UI).
   */
  public static String uiLink(String namespace, String workflowId) {
    return uiLink(System.getenv("RUNBOOK_UI_URL"), namespace, workflowId);
  }

  /** The Temporal UI's page of a run under {@code base}, or null without a base. */
  public static String uiLink(String base, String namespace, String workflowId) {
    return dev.drrunbooks.runbook.UiLinks.of(base, namespace, workflowId);
  }

  public static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private RunbookDefaults() {}

  /**
   * A configuration file beside the profiles ({@code RUNBOOK_PROFILES_DIR}, default {@code
   * runbooks/}), unless the environment variable {@code envName} names another.
   */
  public static java.nio.file.Path besideProfiles(String envName, String fileName) {
    return java.nio.file.Path.of(
        env(
            envName,
            java.nio.file.Path.of(env("RUNBOOK_PROFILES_DIR", "runbooks"))
                .resolve(fileName)
                .toString()));
  }
}
