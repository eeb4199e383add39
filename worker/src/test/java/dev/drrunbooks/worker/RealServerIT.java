package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.starter.RunbookClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
    assertThat(drills.lines().filter(l -> l.contains("drill/scheduled/drill-monthly-app-failure")))
        .hasSize(1)
        .allSatisfy(l -> assertThat(l).contains("COMPLETED"));
    assertThat(schedules())
        .anySatisfy(
            d -> {
              assertThat(d.getScheduleId()).isEqualTo("drill-monthly-app-failure");
              assertThat(d.getInfo().getRecentActions()).isNotEmpty();
            });
    // The second trigger came while the first drill ran: skipped, not queued behind it.
    assertThat(cli("list", "--status", "open").out).doesNotContain("drill/scheduled/");
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
    assertThat(open.out).doesNotContain("Backup");
  }

  // --- helpers ---------------------------------------------------------------------------

  private record Cli(int exit, String out) {}

  private static Cli cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      String[] all = new String[args.length + 4];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--address";
      all[args.length + 1] = SharedRealServer.address();
      all[args.length + 2] = "--task-queue";
      all[args.length + 3] = QUEUE;
      if (args[0].equals("drills")) {
        all = args; // reads stored reports, talks to no server
      }
      int exit = RunbookMain.run(all);
      return new Cli(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** {@code runbook list} until a line matches, for at most three minutes. */
  private static String awaitList(String option, String value, Predicate<String> line)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = cli("list", option, value, "--limit", "50").out;
      if (last.lines().anyMatch(line)) {
        return last;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("no such run listed within 3 minutes:\n" + last);
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
