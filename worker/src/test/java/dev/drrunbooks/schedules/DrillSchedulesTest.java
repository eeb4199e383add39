package dev.drrunbooks.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drrunbooks.backup.BackupRequest;
import dev.drrunbooks.backup.BackupVerificationRequest;
import dev.drrunbooks.drill.DrillRequest;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The drill programme's schedules as the server would get them, and applying them twice: no server
 * here has the Schedules API, so the store is an in-memory one and the embedded test server is
 * asked only to prove the refusal is said plainly.
 */
class DrillSchedulesTest {

  private static final DrillPlan PLAN = DrillPlan.load(Path.of("..", "runbooks", "drills.yaml"));

  @Test
  void shippedProgramme_aQuarterlyFullDrill_andAMonthlyComponentTestRotatingThroughTheScenarios() {
    assertThat(PLAN.drills())
        .extracting(DrillPlan.Entry::id)
        .first()
        .isEqualTo("drill-quarterly-full");
    assertThat(PLAN.drills().stream().skip(1).map(DrillPlan.Entry::scenario))
        .containsExactly("app-failure", "db-connection-loss", "network-outage");
    // Month by month, each month of the year has exactly one component test.
    Map<Integer, String> byMonth = new LinkedHashMap<>();
    for (DrillPlan.Entry e : PLAN.drills().subList(1, 4)) {
      String months = e.cron().get(0).split("\\s+")[3];
      for (String m : months.split(",")) {
        assertThat(byMonth.put(Integer.parseInt(m), e.scenario())).as("month " + m).isNull();
      }
    }
    assertThat(byMonth).hasSize(12);
  }

  @Test
  void schedule_startsTheDrillWithItsRequest_skippingOverlaps_pausingOnFailure() {
    DrillPlan.Entry quarterly = PLAN.drills().get(0);

    Schedule s = DrillSchedules.schedule(PLAN, quarterly, "dr-runbooks");

    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) s.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("Drill");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("dr-runbooks");
    assertThat(action.getOptions().getWorkflowId())
        .isEqualTo("drill/scheduled/drill-quarterly-full");
    DrillRequest request = action.getArguments().get(0, DrillRequest.class, DrillRequest.class);
    assertThat(request.scenario()).isEqualTo("network-outage");
    assertThat(request.participants()).containsExactly("demo-commander");
    assertThat(request.requestedBy()).isEqualTo("schedule drill-quarterly-full");
    assertThat(request.problems()).isEmpty();
    assertThat(s.getSpec().getCronExpressions()).containsExactly("0 2 1 1,4,7,10 *");
    assertThat(s.getSpec().getTimeZoneName()).isEqualTo("UTC");
    assertThat(s.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(s.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(s.getPolicy().isPauseOnFailure()).isTrue();
    assertThat(s.getState().isPaused()).isFalse();
  }

  @Test
  void applyingTwice_createsThenUpdates_andLeavesTheSameSchedules() {
    Map<String, Schedule> server = new LinkedHashMap<>();
    DrillSchedules.Store store =
        new DrillSchedules.Store() {
          @Override
          public boolean exists(String id) {
            return server.containsKey(id);
          }

          @Override
          public void create(String id, Schedule schedule) {
            assertThat(server.putIfAbsent(id, schedule)).as("created twice: " + id).isNull();
          }

          @Override
          public void update(String id, Schedule schedule) {
            assertThat(server.put(id, schedule)).as("updated before created: " + id).isNotNull();
          }
        };

    List<String> first = DrillSchedules.apply(PLAN, "dr-runbooks", store);
    Map<String, Schedule> afterFirst = new LinkedHashMap<>(server);
    List<String> second = DrillSchedules.apply(PLAN, "dr-runbooks", store);

    assertThat(first).hasSize(7).allSatisfy(l -> assertThat(l).startsWith("created "));
    assertThat(second).hasSize(7).allSatisfy(l -> assertThat(l).startsWith("updated "));
    assertThat(server.keySet()).isEqualTo(afterFirst.keySet());
    assertThat(first.get(0))
        .isEqualTo(
            "created drill-quarterly-full: network-outage on sandbox at 0 2 1 1,4,7,10 * UTC");
  }

  /**
   * The backup strategy's timetable: incremental every hour, full daily, verified daily after the
   * full set; each schedule starts its workflow with the request a person would send.
   */
  @Test
  void shippedBackups_hourlyIncremental_dailyFull_dailyVerification() {
    assertThat(PLAN.backups())
        .extracting(DrillPlan.BackupEntry::id)
        .containsExactly(
            "backup-hourly-incremental", "backup-daily-full", "backup-daily-verification");

    Schedule hourly = DrillSchedules.schedule(PLAN, PLAN.backups().get(0), "dr-runbooks");
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) hourly.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("Backup");
    assertThat(action.getOptions().getWorkflowId())
        .isEqualTo("backup/scheduled/backup-hourly-incremental");
    BackupRequest request = action.getArguments().get(0, BackupRequest.class, BackupRequest.class);
    assertThat(request.kind()).isEqualTo("incremental");
    assertThat(request.requestedBy()).isEqualTo("schedule backup-hourly-incremental");
    assertThat(request.problems()).isEmpty();
    assertThat(hourly.getSpec().getCronExpressions()).containsExactly("5 * * * *");
    assertThat(hourly.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);

    Schedule verify = DrillSchedules.schedule(PLAN, PLAN.backups().get(2), "dr-runbooks");
    ScheduleActionStartWorkflow check = (ScheduleActionStartWorkflow) verify.getAction();
    assertThat(check.getWorkflowType()).isEqualTo("BackupVerification");
    assertThat(
            check
                .getArguments()
                .get(0, BackupVerificationRequest.class, BackupVerificationRequest.class)
                .service())
        .isEqualTo("sandbox");
    assertThat(DrillSchedules.describe(PLAN.backups().get(1)))
        .isEqualTo("backup (full) of sandbox at 0 1 * * * UTC");
  }

  @Test
  void backupsWithMistakes_namesEachEntryAndField() throws Exception {
    Path bad = Files.createTempFile("drills", ".yaml");
    Files.writeString(
        bad,
        """
        drills:
          - id: same
            scenario: app-failure
            service: sandbox
            participants: [demo-commander]
            cron: ["0 2 1 * *"]
        backups:
          - id: same
            procedure: backup
            kind: weekly
            service: sandbox
            cron: ["5 * * * *"]
          - id: check
            procedure: backup-verification
            kind: full
            service: sandbox
            cron: ["30 1 * * *"]
          - id: other
            procedure: restore
            service: sandbox
            cron: ["30 1 * * *"]
        """);

    assertThatThrownBy(() -> DrillPlan.load(bad))
        .hasMessageContaining("backups[0] (same).id is used twice")
        .hasMessageContaining("backups[0] (same): kind must be full or incremental (was 'weekly')")
        .hasMessageContaining("backups[1] (check).kind is for a backup, not a backup verification")
        .hasMessageContaining(
            "backups[2] (other).procedure must be one of [backup, backup-verification]");
  }

  @Test
  void programmeWithMistakes_namesEachEntryAndField() throws Exception {
    Path bad = Files.createTempFile("drills", ".yaml");
    Files.writeString(
        bad,
        """
        drills:
          - id: a
            scenario: multi-az-failure
            service: sandbox
            participants: [demo-commander]
            cron: ["0 2 * *"]
          - id: a
            scenario: app-failure
            service: sandbox
            participants: []
            cron: ["0 2 1 * *"]
        """);

    assertThatThrownBy(() -> DrillPlan.load(bad))
        .hasMessageContaining("drills[0] (a).cron '0 2 * *' must have five fields")
        .hasMessageContaining("drills[0] (a): scenario multi-az-failure needs availability zones")
        .hasMessageContaining("drills[1] (a).id is used twice")
        .hasMessageContaining("drills[1] (a): participants must name at least one approver");
  }

  /** The embedded dev server is Temporal's test server: no Schedules API, said in one line. */
  @Test
  void serverWithoutSchedules_isSaidPlainly() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      DrillSchedules.Store store =
          DrillSchedules.temporal(ScheduleClient.newInstance(env.getWorkflowServiceStubs()));

      assertThatThrownBy(() -> DrillSchedules.apply(PLAN, "dr-runbooks", store))
          .isInstanceOf(DrillSchedules.NoSchedulesApi.class)
          .hasMessageContaining("has no Schedules API")
          .hasMessageContaining("./runbook drill SCENARIO");
    }
  }
}
