package dev.drrunbooks.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.sync.Reachability;
import dev.drrunbooks.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each of the plan's disaster types (section 3) from an assessment as the sources answer it. */
class ClassifierTest {

  private static final Instant AT = Instant.parse("2026-11-21T03:10:00Z");
  private static final Reachability GITEE =
      new Reachability("gitee", "bot", List.of("acme/sync"), null);
  private static final Reachability NOTION =
      new Reachability("notion", "bot", List.of("ds-1"), null);
  private static final DatabaseReach DB_UP = new DatabaseReach("db:5432", true, 3, "connected");
  private static final LogSummary QUIET = new LogSummary(0, false, List.of());

  @Test
  void badRelease_healthChecksFailWhileTasksRun_isApplicationSev1ProposingRollback() {
    Assessment a =
        assessment(
            Fixtures.steadyOn(42, 2),
            Fixtures.unhealthy(2),
            Fixtures.errors(),
            DB_UP,
            20L,
            Map.of());

    Classification c = Classifier.classify(a, true, AT);

    assertThat(c.type()).isEqualTo(DisasterType.APPLICATION);
    assertThat(c.severity()).isEqualTo(Severity.SEV1);
    assertThat(c.proposed()).isEqualTo("app-rollback");
    assertThat(c.reasons())
        .anySatisfy(r -> assertThat(r).contains("health URL answers 503"))
        .anySatisfy(r -> assertThat(r).contains("0/2 targets healthy"))
        .anySatisfy(r -> assertThat(r).contains("401 Unauthorized"));
  }

  @Test
  void errorRateAboveThresholdOnly_isApplicationSev2() {
    HealthReport degraded =
        new HealthReport(2, 2, 2, 2, 200, 8.5, List.of("5xx rate 8.5% above 5%"));

    Classification c =
        Classifier.classify(
            assessment(Fixtures.steadyOn(42, 2), degraded, QUIET, DB_UP, 0L, Map.of()), true, AT);

    assertThat(c.type()).isEqualTo(DisasterType.APPLICATION);
    assertThat(c.severity()).isEqualTo(Severity.SEV2);
    assertThat(c.reasons()).anySatisfy(r -> assertThat(r).contains("5xx rate 8.5% above 5.0%"));
  }

  @Test
  void databaseTimesOutWhileAppAnswers_isDatabaseSev2ProposingDataRestore() {
    LogSummary pool =
        new LogSummary(
            20,
            false,
            List.of(
                new LogSummary.Pattern(
                    "ERROR HikariPool-1 - Connection is not available, request timed out after 30000ms",
                    10,
                    "ecs/sync/a")));
    DatabaseReach down = new DatabaseReach("db:5432", false, 5000, "connect timed out after 5 s");

    Classification c =
        Classifier.classify(
            assessment(Fixtures.steadyOn(41, 2), Fixtures.healthy(2), pool, down, 90L, Map.of()),
            true,
            AT);

    assertThat(c.type()).isEqualTo(DisasterType.DATABASE);
    assertThat(c.severity()).isEqualTo(Severity.SEV2);
    assertThat(c.proposed()).isEqualTo(Recoveries.DATA_RESTORE);
    assertThat(c.reasons())
        .anySatisfy(r -> assertThat(r).contains("the application answers"))
        .anySatisfy(r -> assertThat(r).contains("unreachable: connect timed out"))
        .anySatisfy(r -> assertThat(r).contains("10 database errors in the log"));
  }

  @Test
  void syncBehindBeyondRpoWithAppHealthy_isDatabaseSev2() {
    Classification c =
        Classifier.classify(
            assessment(Fixtures.steadyOn(41, 2), Fixtures.healthy(2), QUIET, DB_UP, 900L, Map.of()),
            true,
            AT);

    assertThat(c.type()).isEqualTo(DisasterType.DATABASE);
    assertThat(c.severity()).isEqualTo(Severity.SEV2);
    assertThat(c.reasons())
        .anySatisfy(r -> assertThat(r).contains("15m00s behind, beyond the RPO of 5 min"));
  }

  @Test
  void regionDoesNotAnswer_isInfrastructureSev1ProposingFailover() {
    Assessment a =
        assessment(
            null,
            null,
            null,
            null,
            20L,
            Map.of(
                Assessment.ECS, "connect timed out: ecs.ap-southeast-1",
                Assessment.TRAFFIC, "connect timed out: elasticloadbalancing.ap-southeast-1"));

    Classification c = Classifier.classify(a, true, AT);

    assertThat(c.type()).isEqualTo(DisasterType.INFRASTRUCTURE);
    assertThat(c.severity()).isEqualTo(Severity.SEV1);
    assertThat(c.proposed()).isEqualTo("region-failover");
    assertThat(c.reasons()).first().asString().contains("ECS did not answer: connect timed out");
  }

  @Test
  void tasksCannotStart_isInfrastructure_andWithoutStandbyProposesNothing() {
    ServiceState noTasks =
        new ServiceState(
            "ACTIVE",
            Fixtures.arn(41),
            41,
            2,
            0,
            2,
            List.of(
                new ServiceState.Deployment(
                    "ecs-svc/1", "PRIMARY", Fixtures.arn(41), 41, "IN_PROGRESS", 2, 0, 6)));

    Classification c =
        Classifier.classify(
            assessment(
                noTasks,
                new HealthReport(0, 2, 0, 2, null, null, List.of("no task runs")),
                QUIET,
                DB_UP,
                0L,
                Map.of()),
            false,
            AT);

    assertThat(c.type()).isEqualTo(DisasterType.INFRASTRUCTURE);
    assertThat(c.proposed()).isEqualTo(Recoveries.NONE);
    assertThat(c.reasons())
        .anySatisfy(r -> assertThat(r).contains("no task runs: 0/2; 6 tasks failed to start"))
        .anySatisfy(r -> assertThat(r).contains("no standby region"));
  }

  @Test
  void loadBalancerDoesNotAnswerWhileTasksRun_isInfrastructure() {
    Classification c =
        Classifier.classify(
            assessment(
                Fixtures.steadyOn(41, 2),
                null,
                QUIET,
                DB_UP,
                0L,
                Map.of(Assessment.TRAFFIC, "DescribeTargetHealth: connect timed out")),
            true,
            AT);

    assertThat(c.type()).isEqualTo(DisasterType.INFRASTRUCTURE);
    assertThat(c.reasons()).first().asString().contains("tasks run (2/2) but the load balancer");
  }

  @Test
  void everythingAnswersWell_isNoneConfirmedSev4() {
    Classification c =
        Classifier.classify(
            assessment(Fixtures.steadyOn(41, 2), Fixtures.healthy(2), QUIET, DB_UP, 20L, Map.of()),
            true,
            AT);

    assertThat(c.type()).isEqualTo(DisasterType.NONE_CONFIRMED);
    assertThat(c.severity()).isEqualTo(Severity.SEV4);
    assertThat(c.proposed()).isEqualTo(Recoveries.NONE);
  }

  @Test
  void severeLogErrorsWithHealthyChecks_isApplicationSev3() {
    Classification c =
        Classifier.classify(
            assessment(
                Fixtures.steadyOn(41, 2),
                Fixtures.healthy(2),
                Fixtures.errors(),
                DB_UP,
                20L,
                Map.of()),
            true,
            AT);

    assertThat(c.type()).isEqualTo(DisasterType.APPLICATION);
    assertThat(c.severity()).isEqualTo(Severity.SEV3);
  }

  private static Assessment assessment(
      ServiceState ecs,
      HealthReport traffic,
      LogSummary logs,
      DatabaseReach db,
      Long lag,
      Map<String, String> errors) {
    return new Assessment(AT, ecs, traffic, logs, db, GITEE, NOTION, lag, errors, 5.0, 5);
  }
}
