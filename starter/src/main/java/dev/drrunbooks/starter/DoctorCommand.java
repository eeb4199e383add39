package dev.drrunbooks.starter;

import dev.drrunbooks.doctor.WorkerReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code runbook doctor}: is everything a recovery needs in place, right now? Read-only: the server
 * answers, its search attributes exist, a worker polls the task queue and answers, and that
 * worker's profiles load and its AWS credentials resolve. Exit 0 when all is well, 5 when the
 * server cannot be reached, 6 when no worker answers, 1 when a check failed.
 */
@Command(
    name = "doctor",
    description =
        "Check, read-only, that a recovery could run now: server, search attributes, a worker on"
            + " the task queue, its profiles and AWS credentials.",
    mixinStandardHelpOptions = true)
public class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @picocli.CommandLine.Option(
      names = "--service",
      description =
          "Check only this service's profile (and AWS credentials only if it targets AWS);"
              + " default: every profile.")
  String service;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (service != null && RunIds.services() != null) {
      RunIds.services().resolve(service); // an unknown service is said before any connection
    }
    try (RunbookClient client = connection.connect()) {
      out.println(
          "OK   Temporal server at "
              + connection.address()
              + " answers ("
              + connection.temporal().security()
              + ")");
      boolean ok = true;
      List<String> missing = client.missingSearchAttributes();
      if (missing.isEmpty()) {
        out.println("OK   search attributes registered");
      } else {
        ok = false;
        out.println("FAIL search attributes missing: " + missing + " (run './runbook setup')");
      }
      out.flush();
      List<String> pollers = client.pollers();
      if (pollers != null && pollers.isEmpty()) {
        out.println(
            "FAIL the server sees no worker polling task queue '"
                + connection.taskQueue()
                + "': start './runbook worker' (or './runbook dev') with the same"
                + " RUNBOOK_TASK_QUEUE");
        out.flush();
        return ExitCode.NO_WORKER;
      }
      if (pollers != null) {
        pollers.forEach(
            p -> out.println("OK   " + p + " on task queue '" + connection.taskQueue() + "'"));
        out.flush();
      }
      WorkerReport report = client.probeWorker(new dev.drrunbooks.doctor.DoctorRequest(service));
      if (report == null) {
        out.println(
            "FAIL no worker picked up or answered the probe on task queue '"
                + connection.taskQueue()
                + "': start './runbook worker' (or './runbook dev') with the same"
                + " RUNBOOK_TASK_QUEUE");
        out.flush();
        return ExitCode.NO_WORKER;
      }
      out.println(
          "OK   worker "
              + report.worker()
              + " polls task queue '"
              + connection.taskQueue()
              + "' (profiles from "
              + report.profilesDir()
              + ")");
      report.checks().forEach(c -> out.println(c));
      out.flush();
      return ok && report.healthy() ? ExitCode.OK : ExitCode.RUN_FAILED;
    }
  }
}
