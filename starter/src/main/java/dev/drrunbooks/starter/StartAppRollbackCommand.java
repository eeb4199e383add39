package dev.drrunbooks.starter;

import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepStatus;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook start app-rollback}: plan 3.1 / 5.2.1. */
@Command(
    name = "app-rollback",
    description = "Roll the service back to its last known stable task-definition revision.",
    mixinStandardHelpOptions = true)
public class StartAppRollbackCommand implements Callable<Integer> {

  /** How long to wait for the worker to load the profile, so a wrong service fails here. */
  private static final Duration FIRST_STEP_WAIT = Duration.ofSeconds(15);

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(
      names = "--service",
      required = true,
      description = "Service profile name (a file in runbooks/).")
  String service;

  @Option(
      names = "--revision",
      description = "Roll back to this revision instead of the last known stable one.")
  Integer revision;

  @Option(names = "--desired-count", description = "Scale to this many tasks after the rollback.")
  Integer desiredCount;

  @Option(names = "--dry-run", description = "Report what would be done; change nothing.")
  boolean dryRun;

  @Option(names = "--incident", description = "Incident id this run belongs to.")
  String incident;

  @Option(
      names = "--trigger",
      defaultValue = AppRollbackRequest.MANUAL,
      description =
          "Why: manual, health-check-failed, error-rate-spike, performance-degraded (default ${DEFAULT-VALUE}).")
  String trigger;

  @Option(names = "--as", description = "Who starts the run (default: $USER).")
  String requestedBy = RunbookDefaults.env("USER", "cli");

  @Option(names = "--watch", description = "Follow the checklist until the run ends.")
  boolean watch;

  @Override
  public Integer call() {
    AppRollbackRequest request =
        new AppRollbackRequest(
            service, revision, desiredCount, dryRun, incident, trigger, requestedBy);
    try (RunbookClient client = connection.connect()) {
      String id = client.startRollback(request);
      var out = spec.commandLine().getOut();
      out.println(
          "Started " + id + " (AppRollback of " + service + (dryRun ? ", dry run" : "") + ")");
      RunbookProgress first = awaitProfile(client, id);
      if (first != null && first.status() == RunStatus.FAILED) {
        throw new CliException(
            ExitCode.BAD_INPUT,
            "run " + id + " stopped before changing anything: " + first.outcome());
      }
      if (first == null) {
        out.println(
            "No worker has picked the run up yet: is './runbook worker' (or './runbook dev') running on task queue "
                + client.taskQueue()
                + "?");
      }
      if (!watch) {
        out.println("Follow it:   ./runbook watch " + id);
        out.println(
            "Approve it:  ./runbook approve " + id + " --gate approve-rollback --as <name>");
        return ExitCode.OK;
      }
      RunbookProgress last =
          new ProgressWatcher(() -> client.progressIfAnswered(id), out, Duration.ofSeconds(1))
              .follow(p -> {});
      return last.status() == RunStatus.COMPLETED ? ExitCode.OK : ExitCode.RUN_FAILED;
    }
  }

  private static RunbookProgress awaitProfile(RunbookClient client, String id) {
    long deadline = System.nanoTime() + FIRST_STEP_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        RunbookProgress p = client.progress(id);
        if (p.status().finished() || p.steps().get(0).status() == StepStatus.DONE) {
          return p;
        }
      } catch (CliException e) {
        if (e.exitCode() != ExitCode.REFUSED) {
          throw e;
        }
        // The query timed out: no worker yet. Keep waiting until the deadline.
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }
}
