package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.starter.RunbookClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * On the real Temporal server ({@code temporal server start-dev} of the pinned Temporal CLI), what
 * the Java test server cannot show: the drill and backup timetable as Temporal Schedules (apply,
 * list, trigger, pause; a drill and a backup started by their schedule complete; a second trigger
 * while the drill runs is skipped; applying again updates without duplicates), and {@code runbook
 * list} through the visibility API filtered by the runbooks' search attributes. One server and one
 * worker for every end-to-end class ({@link SharedRealServer}). CI installs the binary
 * (tools/install-temporal); without it this class says loudly that it skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealServerIT {

  private static final String QUEUE = SharedRealServer.QUEUE;

  @BeforeAll
  static void start() throws Exception {
    SharedRealServer.require("RealServerIT");
  }

  @Test
  @Order(1)
  void schedulesApplied_triggered_skippedWhileRunning_andReappliedWithoutDuplicates()
      throws Exception {
    Cli applied = cli("schedules", "apply");
    assertThat(applied.exit).as(applied.out).isZero();
    assertThat(applied.out)
        .contains("created drill-monthly-app-failure")
        .contains("created backup-");
    int count = schedules().size();

    Cli backup = cli("schedules", "trigger", "backup-hourly-incremental");
    assertThat(backup.exit).as(backup.out).isZero();
    Cli drill = cli("schedules", "trigger", "drill-monthly-app-failure");
    Cli again = cli("schedules", "trigger", "drill-monthly-app-failure");
    assertThat(drill.exit).as(drill.out).isZero();
    assertThat(again.exit).as(again.out).isZero();

    // Started by their schedules: the backup completes; the drill runs once and passes.
    awaitList("--status", "closed", l -> l.contains("Backup") && l.contains("COMPLETED"));
    String drills =
        awaitList("--status", "closed", l -> l.contains("Drill") && l.contains("drill/scheduled/"));
    assertThat(rows(drills).filter(l -> l.contains("drill/scheduled/drill-monthly-app-failure")))
        .hasSize(1)
        .allSatisfy(l -> assertThat(l).contains("COMPLETED"));
    assertThat(schedules())
        .anySatisfy(
            d -> {
              assertThat(d.getScheduleId()).isEqualTo("drill-monthly-app-failure");
              assertThat(d.getInfo().getRecentActions()).isNotEmpty();
            });
    // The second trigger came while the first drill ran: skipped, not queued behind it.
    assertThat(rows(cli("list", "--status", "open").out))
        .noneMatch(l -> l.contains("drill/scheduled/"));
    Cli history = cli("drills", "history", "--dir", SharedRealServer.reports().toString());
    assertThat(history.exit).as(history.out).isZero();
    assertThat(history.out).as(history.out).contains("app-failure").contains("PASS");

    Cli reapplied = cli("schedules", "apply");
    assertThat(reapplied.out)
        .contains("updated drill-monthly-app-failure")
        .doesNotContain("created");
    assertThat(schedules()).hasSize(count);

    Cli paused = cli("schedules", "pause", "drill-quarterly-full", "--as", "ops-lead");
    assertThat(paused.exit).as(paused.out).isZero();
    Cli listed = cli("schedules", "list");
    assertThat(listed.out.lines().filter(l -> l.startsWith("drill-quarterly-full")))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("PAUSED"));
  }

  @Test
  @Order(2)
  void list_filtersByTheRunbooksSearchAttributes_throughTheVisibilityApi() throws Exception {
    Cli sandbox = cli("list", "--service", "sandbox", "--limit", "50");
    assertThat(sandbox.exit).as(sandbox.out).isZero();
    assertThat(sandbox.out).contains("Backup").contains("Drill");
    Cli none = cli("list", "--service", "gitee-notion-sync");
    assertThat(none.out).contains("No runs");
    Cli open = cli("list", "--status", "open");
    assertThat(rows(open.out)).noneMatch(l -> l.contains("Backup"));
  }

  /**
   * The receiver on the real server: a hundred identical alerts at once open one incident, whose
   * commander then decides there is nothing to recover, from the CLI; the incident closes.
   */
  @Test
  @Order(3)
  void alertStorm_opensOneIncident_andTheCommanderClosesIt() throws Exception {
    var profiles =
        new dev.drrunbooks.activities.profile.ProfileLoader(
            java.nio.file.Path.of("..", "runbooks"), name -> null);
    String token = "storm-token-0123456789";
    try (RunbookClient client =
            RunbookClient.connect(SharedRealServer.address(), "default", QUEUE);
        var web =
            dev.drrunbooks.receiver.ReceiverApplication.start(
                0,
                new dev.drrunbooks.receiver.AlertReceiver(
                    new dev.drrunbooks.receiver.AlertRoutes(
                        List.of(
                            new dev.drrunbooks.receiver.AlertRoutes.Route(
                                "sandbox-errors",
                                Map.of("alertname", "SyncErrorRateHigh"),
                                null,
                                "service",
                                "error-rate-spike",
                                null,
                                0))),
                    new dev.drrunbooks.receiver.TemporalIncidentOpener(
                        client.workflowClient(), profiles, QUEUE),
                    token,
                    java.time.Clock.systemUTC(),
                    new dev.drrunbooks.receiver.ReceiverMetrics()))) {
      int port =
          ((org.springframework.boot.web.server.context.WebServerApplicationContext) web)
              .getWebServer()
              .getPort();
      String alert =
          """
          {"version":"4","status":"firing","receiver":"dr-runbooks","groupKey":"{}",
           "alerts":[{"status":"firing","labels":{"alertname":"SyncErrorRateHigh","service":"sandbox"},
             "annotations":{"summary":"5xx above 5%"},"startsAt":"2026-12-07T03:01:00Z",
             "fingerprint":"fp-real-storm"}]}
          """;
      var http = java.net.http.HttpClient.newHttpClient();
      var request =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + port + "/alerts/alertmanager"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(alert))
              .build();
      List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> sent =
          new java.util.ArrayList<>();
      // Ten commanders type 'incident open' while the alerts arrive: one opener for both.
      var commanders = java.util.concurrent.Executors.newFixedThreadPool(10);
      List<java.util.concurrent.Future<dev.drrunbooks.starter.IncidentOpening.Opened>> typed =
          new java.util.ArrayList<>();
      var report =
          dev.drrunbooks.incident.IncidentRequest.manual("sandbox", "sync looks stuck", "ops-lead");
      var sandbox = dev.drrunbooks.service.ServiceRef.primary(profiles.load("sandbox"));
      for (int i = 0; i < 100; i++) {
        sent.add(http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString()));
        if (i % 10 == 0) {
          typed.add(commanders.submit(() -> client.openIncident(report, sandbox)));
        }
      }
      long opened = 0;
      for (var answer : sent) {
        var response = answer.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        opened += response.body().contains("\"action\":\"opened\"") ? 1 : 0;
      }
      for (var answer : typed) {
        opened += answer.get().joined() ? 0 : 1;
      }
      commanders.shutdown();
      assertThat(opened).as("callers told they opened the incident").isEqualTo(1);
      // 110 reports, one run: the 99 repeats of the alert left no event in its history (the
      // incident's validator refused them); the alert and the ten typed reports are one update
      // each, and nothing came as a signal.
      var events =
          client
              .workflowClient()
              .fetchHistory(dev.drrunbooks.runbook.Procedure.incidentId(sandbox))
              .getEvents()
              .stream()
              .map(e -> e.getEventType())
              .toList();
      assertThat(events)
          .filteredOn(
              t -> t == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
          .hasSize(1);
      assertThat(events)
          .filteredOn(
              t ->
                  t
                      == io.temporal.api.enums.v1.EventType
                          .EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
          .hasSize(11);
      assertThat(events)
          .filteredOn(
              t -> t == io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
          .isEmpty();
      String incidents = awaitList("--status", "open", l -> l.contains("IncidentResponse"));
      assertThat(rows(incidents).filter(l -> l.contains("IncidentResponse"))).hasSize(1);

      awaitList(
          "--status", "open", l -> l.contains("IncidentResponse") && l.contains("WAITING_FOR"));
      Cli decided =
          cli("decide", "sandbox", "--procedure", "none", "--as", "ops-lead", "--comment", "storm");
      assertThat(decided.exit).as(decided.out).isZero();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (rows(cli("list", "--status", "open").out)
          .anyMatch(l -> l.contains("IncidentResponse"))) {
        assertThat(System.nanoTime())
            .as("the incident closes after the decision")
            .isLessThan(deadline);
        Thread.sleep(1000);
      }
    }
  }

  /**
   * While an incident runs its recovery, the service's name reaches what waits in it: {@code status
   * sandbox} shows the recovery's checklist under the incident, with the command for its gate;
   * {@code approve sandbox} decides that gate (it answered "no run" before); {@code cancel sandbox}
   * cancels the incident, and the recovery with it.
   */
  @Test
  @Order(4)
  void serviceName_reachesTheGateOfTheIncidentsRecovery_andCancelEndsBoth() throws Exception {
    assertThat(cli("sandbox", "break", "bad-release", "--as", "ops-lead").exit).isZero();
    try {
      Cli opened =
          cli("incident", "open", "--service", "sandbox", "--reason", "5xx up", "--as", "ops-lead");
      assertThat(opened.exit).as(opened.out).isZero();
      awaitList(
          "--status", "open", l -> l.contains("IncidentResponse") && l.contains("WAITING_FOR"));
      Cli decided = cli("decide", "sandbox", "--procedure", "app-rollback", "--as", "ops-lead");
      assertThat(decided.exit).as(decided.out).isZero();

      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      Cli status;
      do {
        Thread.sleep(1000);
        status = cli("status", "sandbox");
        assertThat(System.nanoTime()).as(status.out).isLessThan(deadline);
      } while (!status.out.contains("--gate approve-rollback"));
      assertThat(status.out).contains("↳ recovery/").contains("./runbook approve recovery/");

      Cli approved = cli("approve", "sandbox", "--as", "ops-lead", "--comment", "go");
      assertThat(approved.exit).as(approved.out).isZero();
      assertThat(approved.out).contains("Approved gate approve-rollback of recovery/");

      Cli canceled = cli("cancel", "sandbox", "--as", "ops-lead", "--reason", "test over");
      assertThat(canceled.exit).as(canceled.out).isZero();
      assertThat(canceled.out).contains("Cancel taken by incident/");
      deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (rows(cli("list", "--status", "open").out)
          .anyMatch(l -> l.contains("IncidentResponse") || l.contains("AppRollback"))) {
        assertThat(System.nanoTime()).as("incident and recovery end").isLessThan(deadline);
        Thread.sleep(1000);
      }
    } finally {
      assertThat(cli("sandbox", "reset", "--as", "ops-lead").exit).isZero();
    }
  }

  /**
   * A step that fails after its retries waits for the operator on the real server: a retry is taken
   * (and fails again while the region is down), an abort ends the run FAILED naming who and why,
   * and watch's exit code says so.
   */
  @Test
  @Order(5)
  void failedStep_isRetriedThenAborted_throughTheResolveStepUpdate() throws Exception {
    assertThat(cli("sandbox", "break", "region-outage", "--as", "ops-lead").exit).isZero();
    try {
      assertThat(cli("start", "app-rollback", "--service", "sandbox", "--as", "ops-lead").exit)
          .isZero();
      awaitList(
          "--status", "open", l -> l.contains("AppRollback") && l.contains("WAITING_FOR_OPERATOR"));
      Cli retried = cli("step", "sandbox", "retry", "--as", "ops-lead", "--comment", "try again");
      assertThat(retried.exit).as(retried.out).isZero();
      assertThat(retried.out).contains("RETRY of step assess-health");
      Cli stranger = cli("step", "sandbox", "abort", "--as", "mallory");
      assertThat(stranger.exit).as(stranger.out).isEqualTo(3);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      Cli aborted;
      do {
        Thread.sleep(1000);
        aborted = cli("step", "sandbox", "abort", "--as", "ops-lead", "--comment", "fail over");
        assertThat(System.nanoTime()).as(aborted.out).isLessThan(deadline);
      } while (aborted.exit != 0);
      Cli watched = cli("watch", "sandbox");
      assertThat(watched.exit).as(watched.out).isEqualTo(1);
      assertThat(watched.out).contains("aborted by ops-lead at step assess-health: fail over");
    } finally {
      assertThat(cli("sandbox", "reset", "--as", "ops-lead").exit).isZero();
    }
  }

  /** Every run this server ran replays on today's workflow code without nondeterminism. */
  @Test
  @Order(6)
  void everyHistoryOfThisRealServer_replays() throws Exception {
    Class<?>[] all =
        dev.drrunbooks.procedures.ProcedureCatalog.WORKFLOW_IMPLEMENTATIONS.toArray(
            Class<?>[]::new);
    try (RunbookClient client =
        RunbookClient.connect(SharedRealServer.address(), "default", QUEUE)) {
      var runs = client.list(null, false, 200);
      assertThat(runs).isNotEmpty();
      var exported = new java.util.LinkedHashMap<String, String>();
      for (var run : runs) {
        var history = client.workflowClient().fetchHistory(run.workflowId(), run.runId());
        io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(
            history, all[0], java.util.Arrays.copyOfRange(all, 1, all.length));
        exportFixture(history, run.workflowId(), exported);
      }
    }
  }

  // --- helpers ---------------------------------------------------------------------------

  /**
   * With {@code -Drecord.histories=true}: keeps one history of each workflow type and way of ending
   * that this real server ran (completed, failed, canceled, terminated) as a replay fixture of the
   * workflows module, named after both, beside the workflow id it ran under.
   */
  private static void exportFixture(
      io.temporal.common.WorkflowExecutionHistory history,
      String workflowId,
      java.util.Map<String, String> exported)
      throws java.io.IOException {
    if (!Boolean.getBoolean("record.histories")) {
      return;
    }
    var events = history.getEvents();
    String type =
        events.get(0).getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
    String ending =
        events
            .get(events.size() - 1)
            .getEventType()
            .name()
            .replace("EVENT_TYPE_WORKFLOW_EXECUTION_", "")
            .toLowerCase(java.util.Locale.ROOT)
            .replace('_', '-');
    String name =
        type.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT)
            + "-"
            + ending;
    if (exported.putIfAbsent(name, workflowId) != null) {
      return;
    }
    java.nio.file.Path dir =
        java.nio.file.Path.of(
            "..", "workflows", "src", "test", "resources", "histories", "real-server");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.writeString(dir.resolve(name + ".json"), history.toJson(true));
    var ids = new java.util.Properties();
    ids.putAll(exported);
    try (var out = java.nio.file.Files.newBufferedWriter(dir.resolve("workflow-ids.properties"))) {
      ids.store(out, "workflow id of each history exported from the real Temporal dev server");
    }
  }

  private record Cli(int exit, String out) {}

  private static Cli cli(String... args) {
    CliRun run =
        args[0].equals("drills")
            ? CliRun.local(args) // reads stored reports, talks to no server
            : CliRun.of(SharedRealServer.address(), QUEUE, args);
    return new Cli(run.exit(), run.out());
  }

  /** {@code runbook list} until a line matches, for at most three minutes. */
  private static String awaitList(String option, String value, Predicate<String> line)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = cli("list", option, value, "--limit", "50").out;
      if (rows(last).anyMatch(line)) {
        return last;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("no such run listed within 3 minutes:\n" + last);
  }

  /**
   * The rows of {@code runbook list}: the in-process worker's log lines share this JVM's output.
   */
  private static java.util.stream.Stream<String> rows(String listed) {
    return listed.lines().filter(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.*"));
  }

  private static List<io.temporal.client.schedules.ScheduleListDescription> schedules() {
    try (RunbookClient client =
        RunbookClient.connect(SharedRealServer.address(), "default", QUEUE)) {
      return ScheduleClient.newInstance(
              client.workflowClient().getWorkflowServiceStubs(),
              ScheduleClientOptions.newBuilder().setNamespace("default").build())
          .listSchedules()
          .toList();
    }
  }
}
