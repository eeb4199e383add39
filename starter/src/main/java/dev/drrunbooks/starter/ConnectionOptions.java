package dev.drrunbooks.starter;

import picocli.CommandLine.Option;

/** Where the Temporal server is; shared by every command that talks to it. */
public class ConnectionOptions {

  @Option(
      names = "--address",
      description =
          "Temporal frontend host:port (env TEMPORAL_ADDRESS, else the TEMPORAL_PROFILE of"
              + " TEMPORAL_CONFIG_FILE, else localhost:7233). TLS, mTLS and API key: the"
              + " TEMPORAL_TLS_* and TEMPORAL_API_KEY variables, as for the temporal CLI.")
  String address = RunbookDefaults.env("TEMPORAL_ADDRESS", null);

  @Option(
      names = "--namespace",
      description =
          "Temporal namespace (env TEMPORAL_NAMESPACE, else the config file's, else default).")
  String namespace = RunbookDefaults.env("TEMPORAL_NAMESPACE", null);

  @Option(
      names = "--task-queue",
      description =
          "Task queue of the runbook worker (env RUNBOOK_TASK_QUEUE, default ${DEFAULT-VALUE}).")
  String taskQueue = RunbookDefaults.env("RUNBOOK_TASK_QUEUE", RunbookDefaults.TASK_QUEUE);

  private TemporalConnection resolved;

  /** The server, namespace and security from the flags and Temporal's environment settings. */
  public TemporalConnection temporal() {
    if (resolved == null) {
      resolved = TemporalConnection.fromEnvironment(address, namespace);
    }
    return resolved;
  }

  public String address() {
    return temporal().address();
  }

  public String namespace() {
    return temporal().namespace();
  }

  public String taskQueue() {
    return taskQueue;
  }

  public RunbookClient connect() {
    return RunbookClient.connect(temporal(), taskQueue);
  }
}
