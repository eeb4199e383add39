package dev.drrunbooks.worker;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.failover.RegionFailoverRequest;
import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.restore.DataRestoreRequest;
import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.RunbookRequest;
import dev.drrunbooks.runbook.StepKind;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.sandbox.SandboxCommand;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.starter.RunbookClient;
import dev.drrunbooks.starter.RunbookDefaults;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook bench}: measures dr-runbooks on this machine, in one run, against an embedded
 * Temporal server and real worker processes on the sandbox (latencies scaled from AWS by the
 * sandbox's model). Prints Markdown; {@code docs/benchmarks.md} holds a run with its command.
 * Nothing here asserts a time: the figures are for people to read.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure orchestration overhead, recovery time against the critical path and the plan's"
            + " manual procedure, resume after kill -9, 10 to 200 concurrent drills, start-up.")
public class BenchCommand implements Callable<Integer> {

  static final String APPROVER = "demo-commander";

  @Spec CommandSpec spec;

  @Option(
      names = "--deploy-time",
      defaultValue = "PT6S",
      description =
          "Simulated ECS deployment (the sandbox scales DNS, RDS and sync from it); default"
              + " ${DEFAULT-VALUE}, about 1/30 of AWS's.")
  Duration deployTime;

  @Option(
      names = "--approval-delay",
      defaultValue = "PT6S",
      description =
          "How long the simulated commander takes to approve a gate (default ${DEFAULT-VALUE}).")
  Duration approvalDelay;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Zero-latency runs of each recovery for the overhead figures.")
  int runs;

  @Option(
      names = "--scale",
      split = ",",
      defaultValue = "10,50,100,200",
      description = "Concurrent drills, one batch per figure (default ${DEFAULT-VALUE}).")
  List<Integer> scale;

  @Option(names = "--report", description = "Also write the Markdown to this file.")
  Path report;

  private final StringBuilder md = new StringBuilder();
  private PrintWriter out;

  /** The three recoveries, each with the sandbox fault it recovers from. */
  enum Recovery {
    APP_ROLLBACK(ProcedureCatalog.APP_ROLLBACK, "bad-release"),
    DATA_RESTORE(ProcedureCatalog.DATA_RESTORE, "database-outage"),
    REGION_FAILOVER(ProcedureCatalog.REGION_FAILOVER, "region-outage");

    final Procedure procedure;
    final String fault;

    Recovery(Procedure procedure, String fault) {
      this.procedure = procedure;
      this.fault = fault;
    }

    RunbookRequest request(String incident) {
      return switch (this) {
        case APP_ROLLBACK ->
            new AppRollbackRequest(
                "sandbox", null, null, false, incident, AppRollbackRequest.MANUAL, "bench");
        case DATA_RESTORE ->
            new DataRestoreRequest(
                "sandbox", false, incident, "bench", null, "bench: database lost", null, null);
        case REGION_FAILOVER ->
            new RegionFailoverRequest(
                "sandbox", false, incident, "bench", null, "bench: region outage");
      };
    }

    /**
     * The unavoidable waits, in the sandbox's model: a person approves each gate (h), AWS works (d:
     * an ECS deployment or a replica promotion; DNS in sync after max(1 s, d/3); a point-in-time
     * restore in 2d), traffic is judged on whole metric periods with enough requests (v), and after
     * a region switch Notion catches up from the standby (s). The standby starts while the first
     * gate waits, so a failover waits for the longer of the two there.
     */
    long criticalPathMillis(long h, long d, long v) {
      long s = Math.min(10_000, Math.max(1_000, d * 5 / 3));
      return switch (this) {
        case APP_ROLLBACK -> h + d + v;
        case DATA_RESTORE -> h + 2 * d + d + v;
        case REGION_FAILOVER -> Math.max(h, d) + h + d + Math.max(1000, d / 3) + v + s;
      };
    }
  }

  /** One finished recovery as measured. */
  record Measured(
      Recovery recovery,
      String id,
      RunbookProgress progress,
      long wallMillis,
      long sequentialMillis,
      List<BenchHistory.Handover> handovers) {}

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("runbook-bench");
    int most = scale.stream().mapToInt(Integer::intValue).max().orElse(0);
    Path profiles = BenchWorkers.writeProfiles(work.resolve("runbooks"), most);
    String queue = RunbookDefaults.TASK_QUEUE + "-bench";
    line("# dr-runbooks benchmark");
    line("");
    line("Machine: " + BenchHistory.machine());
    line(
        "Command: `./runbook bench --deploy-time "
            + deployTime
            + " --approval-delay "
            + approvalDelay
            + " --runs "
            + runs
            + " --scale "
            + String.join(",", scale.stream().map(String::valueOf).toList())
            + "`");
    line("");
    try (EmbeddedTemporal server =
            EmbeddedTemporal.start(EmbeddedTemporal.freePort(), RunbookDefaults.NAMESPACE, queue);
        RunbookClient client =
            RunbookClient.connect(server.address(), RunbookDefaults.NAMESPACE, queue);
        BenchWorkers workers = new BenchWorkers(server.address(), queue, profiles, work)) {
      ProfileLoader loader = new ProfileLoader(profiles);

      // 1. Orchestration overhead, and start-up, on a worker whose sandbox takes no time.
      BenchWorkers.Worker zero = workers.start("zero-latency", Duration.ZERO, false);
      List<Measured> zeroRuns = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        for (Recovery r : Recovery.values()) {
          zeroRuns.add(recover(client, loader, r, Duration.ZERO, "BENCH-0-" + i));
        }
      }
      overhead(zeroRuns);
      startup(zero, workers, zeroRuns.get(zeroRuns.size() - 1).id());
      zero.kill();

      // 2 and 3. Recovery time against the critical path and against the plan as written.
      BenchWorkers.Worker scaled = workers.start("scaled", deployTime, false);
      List<Measured> scaledRuns = new ArrayList<>();
      for (Recovery r : Recovery.values()) {
        scaledRuns.add(recover(client, loader, r, approvalDelay, "BENCH-1"));
      }
      recoveryTimes(scaledRuns, loader.load("sandbox"));

      // 4. Resume after kill -9.
      resume(client, workers, scaled);

      // 5. Scale.
      new BenchScale(this::line, scale, deployTime).run(client, loader, workers);
    }
    line("Logs and profiles of this run: " + work);
    out.flush();
    if (report != null) {
      Files.writeString(report, md.toString());
    }
    return 0;
  }

  // --- 1. overhead ---------------------------------------------------------------------------

  private void overhead(List<Measured> zeroRuns) {
    List<Long> handover = new ArrayList<>();
    List<Long> pickup = new ArrayList<>();
    List<Long> stepMillis = new ArrayList<>();
    for (Measured m : zeroRuns) {
      m.handovers()
          .forEach(
              h -> {
                handover.add(h.totalMillis());
                pickup.add(h.scheduleToStartMillis());
              });
      for (StepView s : m.progress().steps()) {
        if (s.kind() != StepKind.GATE && s.startedAt() != null && s.endedAt() != null) {
          stepMillis.add(Duration.between(s.startedAt(), s.endedAt()).toMillis());
        }
      }
    }
    line("## 1. Orchestration overhead (zero simulated latency)");
    line("");
    line(
        "Every recovery "
            + runs
            + " times on a sandbox whose AWS answers at once; "
            + handover.size()
            + " activity calls, "
            + stepMillis.size()
            + " steps.");
    line("");
    line("| measure | median | p99 |");
    line("|---|---|---|");
    line(row("hand-over per call (schedule→start + result→next decision)", handover));
    line(row("schedule→start (worker picks the call up)", pickup));
    line(row("step wall time (includes the health window's whole metric periods)", stepMillis));
    line("");
  }

  private static String row(String name, List<Long> values) {
    return "| "
        + name
        + " | "
        + BenchHistory.percentile(values, 50)
        + " ms | "
        + BenchHistory.percentile(values, 99)
        + " ms |";
  }

  /** "p50 / p99 ms" of a list of milliseconds, for one cell of a table. */
  static String p50p99(List<Long> values) {
    return BenchHistory.percentile(values, 50)
        + " / "
        + BenchHistory.percentile(values, 99)
        + " ms";
  }

  // --- 2, 3. recovery time ------------------------------------------------------------------

  private void recoveryTimes(List<Measured> measured, ServiceProfile sandbox) {
    long d = deployTime.toMillis();
    long h = approvalDelay.toMillis();
    // Whole metric periods after the rollout with at least minRequests requests at 20 req/s.
    long period = sandbox.health().metricPeriodSeconds() * 1000L;
    long periods = (long) Math.ceil(sandbox.health().minRequests() / (20.0 * period / 1000.0));
    long v = periods * period;
    line("## 2. Recovery time against the critical path, and 3. against the plan as written");
    line("");
    line(
        "Deployment d = "
            + seconds(d)
            + ", DNS in sync max(1 s, d/3), point-in-time restore 2d, health window v = "
            + seconds(v)
            + ", commander approves after h = "
            + seconds(h)
            + ", Notion catching up after a region switch s = clamp(5d/3, 1 s, 10 s). The plan as"
            + " written runs the same steps, approvals included, one after another (no parallel"
            + " checks, the standby started after the approval).");
    line("");
    line(
        "| procedure | critical path | dr-runbooks | ratio (goal ≤ 1.05) | plan as written |"
            + " plan ÷ dr-runbooks |");
    line("|---|---|---|---|---|---|");
    for (Measured m : measured) {
      long cp = m.recovery().criticalPathMillis(h, d, v);
      long plan = m.sequentialMillis();
      line(
          "| "
              + m.recovery().procedure.name()
              + " | "
              + seconds(cp)
              + " | "
              + seconds(m.wallMillis())
              + " | "
              + ratio(m.wallMillis(), cp)
              + " | "
              + seconds(plan)
              + " | "
              + ratio(plan, m.wallMillis())
              + " |");
    }
    line("");
    line("Where the time went (every step that ran, in order, with its time):");
    line("");
    for (Measured m : measured) {
      List<String> ran = new ArrayList<>();
      for (StepView s : m.progress().steps()) {
        if (s.startedAt() != null && s.endedAt() != null) {
          ran.add(s.id() + " " + seconds(Duration.between(s.startedAt(), s.endedAt()).toMillis()));
        }
      }
      line("- " + m.recovery().procedure.name() + ": " + String.join(", ", ran));
    }
    line("");
  }

  private Measured recover(
      RunbookClient client, ProfileLoader loader, Recovery r, Duration approveAfter, String inc)
      throws InterruptedException {
    client.controlSandbox(new SandboxCommand("reset", "sandbox", null, "bench"));
    client.controlSandbox(new SandboxCommand("break", "sandbox", r.fault, "bench"));
    ServiceRef resource = ServiceRef.primary(loader.load("sandbox"));
    String id = client.start(r.procedure, r.request(inc), resource);
    RunbookProgress p = followApproving(client, id, approveAfter);
    if (p.status() != RunStatus.COMPLETED) {
      throw new IllegalStateException(
          r.procedure.name() + " did not complete: " + p.status() + " " + p.outcome());
    }
    long wall = Duration.between(p.startedAt(), p.endedAt()).toMillis();
    // The plan as written: the same steps and the same approval waits, one after another.
    long sequential = 0;
    for (StepView s : p.steps()) {
      if (s.startedAt() != null && s.endedAt() != null) {
        sequential += Duration.between(s.startedAt(), s.endedAt()).toMillis();
      }
    }
    return new Measured(
        r, id, p, wall, sequential, BenchHistory.handovers(client.workflowClient(), id));
  }

  /** Follows a run to its end, approving each gate {@code after} it opened. */
  static RunbookProgress followApproving(RunbookClient client, String id, Duration after)
      throws InterruptedException {
    Map<String, Long> seen = new HashMap<>();
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
    while (System.currentTimeMillis() < deadline) {
      RunbookProgress p = client.progressIfAnswered(id);
      if (p != null && p.status().finished()) {
        return p;
      }
      if (p != null && p.status() == RunStatus.WAITING_FOR_APPROVAL) {
        for (StepView s : p.steps()) {
          if (s.kind() == StepKind.GATE && s.status() == StepStatus.WAITING_FOR_APPROVAL) {
            long opened = seen.computeIfAbsent(s.id(), k -> System.currentTimeMillis());
            if (System.currentTimeMillis() - opened >= after.toMillis()) {
              client.approve(
                  id,
                  new ApprovalRequest(s.id(), APPROVER, ApprovalRequest.Decision.APPROVE, "bench"));
            }
          }
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("run " + id + " did not end within 10 minutes");
  }

  // --- 4. resume -------------------------------------------------------------------------------

  private void resume(RunbookClient client, BenchWorkers workers, BenchWorkers.Worker victim)
      throws Exception {
    client.controlSandbox(new SandboxCommand("reset", "sandbox", null, "bench"));
    client.controlSandbox(new SandboxCommand("break", "sandbox", "bad-release", "bench"));
    String id =
        client.start(
            ProcedureCatalog.APP_ROLLBACK,
            Recovery.APP_ROLLBACK.request("BENCH-KILL"),
            ServiceRef.primary(new ProfileLoader(workers.profiles()).load("sandbox")));
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      RunbookProgress p = client.progressIfAnswered(id);
      if (p != null && p.status() == RunStatus.WAITING_FOR_APPROVAL) {
        client.approve(
            id,
            new ApprovalRequest(
                "approve-rollback", APPROVER, ApprovalRequest.Decision.APPROVE, "bench"));
      }
      if (p != null
          && p.steps().stream()
              .anyMatch(
                  s -> s.id().equals("wait-steady-state") && s.status() == StepStatus.RUNNING)) {
        break;
      }
      Thread.sleep(20);
    }
    // Between two looks at the deployment: the run waits on a durable timer.
    Thread.sleep(Math.max(200, deployTime.toMillis() / 4));
    long killedAt = victim.kill();
    BenchWorkers.Worker next = workers.start("after-kill", deployTime, false);
    long nextStep = -1;
    deadline = System.currentTimeMillis() + 120_000;
    while (nextStep < 0 && System.currentTimeMillis() < deadline) {
      for (HistoryEvent e : client.workflowClient().fetchHistory(id).getEvents()) {
        if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
            && BenchHistory.millis(e) > killedAt) {
          nextStep = BenchHistory.millis(e);
          break;
        }
      }
      Thread.sleep(50);
    }
    RunbookProgress end = followApproving(client, id, Duration.ZERO);
    line("## 4. Resume after kill -9");
    line("");
    line(
        "AppRollback waiting for the deployment; the worker process is killed with SIGKILL and a new"
            + " one started at once.");
    line("");
    line("| measure | time |");
    line("|---|---|");
    line("| kill -9 → new worker running | " + (next.readyAt() - killedAt) + " ms |");
    line(
        "| kill -9 → next step's call started on the new worker | "
            + (nextStep < 0 ? "not seen" : (nextStep - killedAt) + " ms")
            + " |");
    line("| the run | " + end.status() + " |");
    line("");
    next.kill();
  }

  // --- 6. start-up -----------------------------------------------------------------------------

  private void startup(BenchWorkers.Worker worker, BenchWorkers workers, String runId)
      throws Exception {
    List<Long> status = new ArrayList<>();
    List<Long> procedures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      status.add(workers.cli("status", runId));
      procedures.add(workers.cli("procedures"));
    }
    line("## 6. Start-up");
    line("");
    line("| measure | median | p99 |");
    line("|---|---|---|");
    line(
        "| worker process start → polling | "
            + (worker.readyAt() - worker.launchedAt())
            + " ms | - |");
    line(row("`runbook status RUN` (a process, a query)", status));
    line(row("`runbook procedures` (a process, no server)", procedures));
    line("");
    line(
        "CLI processes use the runbook script's client flags"
            + (workers.classDataArchive() == null
                ? " (no class-data-sharing archive found next to the jar)."
                : " and its class-data-sharing archive."));
    line("");
  }

  // --- output ----------------------------------------------------------------------------------

  /** A line of the report, printed at once and kept for {@code --report}. */
  void line(String text) {
    md.append(text).append('\n');
    out.println(text);
    out.flush();
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String ratio(long a, long b) {
    return b <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / (double) b);
  }
}
