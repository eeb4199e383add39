package dev.drrunbooks.starter;

import picocli.CommandLine.Option;

/** Where the Temporal server is; shared by every command that talks to it. */
public class ConnectionOptions {

  @Option(
      names = "--address",
      description = "Temporal frontend host:port (env TEMPORAL_ADDRESS, default ${DEFAULT-VALUE}).")
  String address = RunbookDefaults.env("TEMPORAL_ADDRESS", RunbookDefaults.ADDRESS);

  @Option(
      names = "--namespace",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE, default ${DEFAULT-VALUE}).")
  String namespace = RunbookDefaults.env("TEMPORAL_NAMESPACE", RunbookDefaults.NAMESPACE);

  @Option(
      names = "--task-queue",
      description =
          "Task queue of the runbook worker (env RUNBOOK_TASK_QUEUE, default ${DEFAULT-VALUE}).")
  String taskQueue = RunbookDefaults.env("RUNBOOK_TASK_QUEUE", RunbookDefaults.TASK_QUEUE);

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  public String taskQueue() {
    return taskQueue;
  }

  public RunbookClient connect() {
    return RunbookClient.connect(address, namespace, taskQueue);
  }
}
