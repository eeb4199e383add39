package dev.drrunbooks.validation;

import static dev.drrunbooks.testing.Fixtures.APPROVER;
import static dev.drrunbooks.testing.Fixtures.SERVICE;
import static dev.drrunbooks.testing.RunAssertions.awaitProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.Failovers;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.sync.IntegrityFacts;
import dev.drrunbooks.sync.Reachability;
import dev.drrunbooks.sync.SyncChecks;
import dev.drrunbooks.sync.SyncWrites;
import dev.drrunbooks.testing.Fixtures;
import dev.drrunbooks.testing.HistoryRecorder;
import dev.drrunbooks.validation.Check.Verdict;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidationWorkflowTest {

  private static final String QUEUE = "validation-test";
  private static final Instant CHECKED = Instant.parse("2026-11-21T03:20:00Z");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final ProfileActivities profiles =
      mock(ProfileActivities.class, withSettings().withoutAnnotations());
  private final ServiceChecks checks =
      mock(ServiceChecks.class, withSettings().withoutAnnotations());
  private final SyncChecks sync = mock(SyncChecks.class, withSettings().withoutAnnotations());
  private final SyncWrites writes = mock(SyncWrites.class, withSettings().withoutAnnotations());
  private final DnsRecords dns = mock(DnsRecords.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify =
      mock(NotifyActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ValidationWorkflowImpl.class);
    worker.registerActivitiesImplementations(profiles, checks, sync, writes, dns, notify);
    env.start();
    client = env.getWorkflowClient();

    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.profile());
    when(checks.checkHealth(any())).thenReturn(Fixtures.healthy(2));
    when(dns.readRecord(any())).thenReturn(Failovers.home(Fixtures.profile()));
    when(sync.checkGitee(any()))
        .thenReturn(new Reachability("gitee", "sync-bot", List.of("acme/sync", "acme/docs"), null));
    when(sync.checkNotion(any()))
        .thenReturn(new Reachability("notion", "Sync", List.of("data source ds-1"), null));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void everythingInSync_passesEveryCheck_andMeasuresTheSyncLag() {
    // One change 40 s old is still on its way: in flight, within the 5-minute RPO.
    when(sync.compareSyncedData(any())).thenReturn(facts(CHECKED.minusSeconds(40), 0, 1));

    ValidationWorkflow run = start();
    ValidationReport report = run.run(request());
    HistoryRecorder.record(
        client,
        WorkflowStub.fromTyped(run).getExecution().getWorkflowId(),
        "validation",
        "validation-passed");

    assertThat(report.overall()).isEqualTo(Verdict.PASS);
    assertThat(report.checks())
        .extracting(Check::name)
        .containsExactly(
            "service-health", "gitee-reachable", "notion-reachable", "data-integrity", "canary");
    assertThat(report.checks().subList(0, 4)).allMatch(Check::passed);
    assertThat(report.checks().get(4).summary()).contains("sync.canary.enabled");
    assertThat(report.measuredRpoSeconds()).isEqualTo(40);
    assertThat(report.oneLine()).isEqualTo("PASS: 4 pass, 1 skipped; sync lag 40s of RPO 5m");
    Check integrity = report.checks().get(3);
    assertThat(integrity.evidence())
        .containsEntry("compared", "10")
        .containsEntry("syncLagSeconds", "40")
        .containsEntry("stale", "acme/sync#I1");
  }

  /**
   * Notion seven minutes behind Gitee is data the RPO does not allow: the check fails and waits for
   * a person while the other checks finish; skipped, it stays a failure in the report.
   */
  @Test
  void syncLagBeyondTheRpo_failsTheCheck_andASkipDoesNotTurnItIntoAPass() {
    when(sync.compareSyncedData(any())).thenReturn(facts(CHECKED.minusSeconds(420), 2, 1));
    ValidationWorkflow run = start();
    WorkflowClient.start(run::run, request());

    awaitProgress(
        run,
        p ->
            p.steps().stream()
                    .anyMatch(
                        s -> s.id().equals("data-integrity") && s.status() == StepStatus.FAILED)
                && p.steps().stream()
                    .filter(s -> s.id().equals("gitee-reachable"))
                    .allMatch(s -> s.status() == StepStatus.DONE));
    run.resolveStep(
        new StepResolutionRequest(
            "data-integrity", Action.SKIP, APPROVER, "backfill scheduled in INC-7"));
    ValidationReport report = WorkflowStub.fromTyped(run).getResult(ValidationReport.class);
    HistoryRecorder.record(
        client,
        WorkflowStub.fromTyped(run).getExecution().getWorkflowId(),
        "validation",
        "validation-failed-check-skipped");

    assertThat(report.overall()).isEqualTo(Verdict.FAIL);
    assertThat(report.failed()).extracting(Check::name).containsExactly("data-integrity");
    assertThat(report.failed().get(0).summary())
        .contains("2 missing, 1 stale in Notion; sync lag 7m")
        .doesNotContain("PASS");
    assertThat(report.measuredRpoSeconds()).isEqualTo(420);
    assertThat(report.oneLine()).startsWith("FAIL: 3 pass, 1 fail, 1 skipped (data-integrity)");
    assertThat(run.progress().status()).isEqualTo(RunStatus.COMPLETED);
  }

  /** A refused token is a finding: the check says why, and a retry after the fix passes. */
  @Test
  void revokedGiteeToken_failsReachability_andARetryAfterTheFixPasses() {
    when(sync.compareSyncedData(any())).thenReturn(facts(null, 0, 0));
    when(sync.checkGitee(any()))
        .thenReturn(
            new Reachability(
                "gitee",
                null,
                List.of(),
                List.of("Gitee GET /user: 401 401 Unauthorized: Access token is expired")),
            new Reachability("gitee", "sync-bot", List.of("acme/sync", "acme/docs"), null));
    ValidationWorkflow run = start();
    WorkflowClient.start(run::run, request());

    var failed =
        awaitProgress(
            run,
            p ->
                p.steps().stream()
                    .anyMatch(
                        s -> s.id().equals("gitee-reachable") && s.status() == StepStatus.FAILED));
    assertThat(
            failed.steps().stream()
                .filter(s -> s.id().equals("gitee-reachable"))
                .findFirst()
                .orElseThrow()
                .detail())
        .contains("Access token is expired");
    run.resolveStep(
        new StepResolutionRequest("gitee-reachable", Action.RETRY, APPROVER, "token rotated"));
    ValidationReport report = WorkflowStub.fromTyped(run).getResult(ValidationReport.class);

    assertThat(report.overall()).isEqualTo(Verdict.PASS);
    verify(sync, times(2)).checkGitee(any());
  }

  /**
   * Gitee and Notion that cannot be reached at all (the calls fail after their retries) are failed
   * checks with the reason, not steps a person skipped: skipped, they stay FAIL, and the verdict is
   * FAIL (it said "PASS: 1 pass, 4 skipped").
   */
  @Test
  void unreachableGiteeAndNotion_skippedByAPerson_stayFailedChecks_andTheVerdictIsFail() {
    when(sync.checkGitee(any()))
        .thenThrow(new IllegalStateException("connect timed out: gitee.com/api/v5/user"));
    when(sync.checkNotion(any()))
        .thenThrow(new IllegalStateException("connect timed out: api.notion.com/v1/users/me"));
    when(sync.compareSyncedData(any()))
        .thenThrow(new IllegalStateException("connect timed out: gitee.com/api/v5/repos"));
    ValidationWorkflow run = start();
    WorkflowClient.start(run::run, request());
    env.sleep(java.time.Duration.ofMinutes(1)); // past the calls' retries

    for (String check : List.of("gitee-reachable", "notion-reachable", "data-integrity")) {
      awaitProgress(run, p -> p.step(check).awaitingDecision());
      run.resolveStep(
          new StepResolutionRequest(check, Action.SKIP, APPROVER, "network down, moving on"));
    }
    ValidationReport report = WorkflowStub.fromTyped(run).getResult(ValidationReport.class);

    assertThat(report.overall()).isEqualTo(Verdict.FAIL);
    assertThat(report.failed())
        .extracting(Check::name)
        .containsExactly("gitee-reachable", "notion-reachable", "data-integrity");
    assertThat(report.failed().get(0).summary())
        .isEqualTo("could not be checked: connect timed out: gitee.com/api/v5/user");
    assertThat(report.oneLine()).startsWith("FAIL: 1 pass, 3 fail, 1 skipped");
  }

  /**
   * A dry run looks at the service once: what it sees is still judged. An unhealthy service (5xx 42
   * %, no healthy target) is a FAIL, not a PASS because a dry run returns what it saw.
   */
  @Test
  void dryRunOnAnUnhealthyService_failsServiceHealth() {
    when(checks.checkHealth(any())).thenReturn(Fixtures.unhealthy(2));
    when(sync.compareSyncedData(any())).thenReturn(facts(null, 0, 0));
    ValidationWorkflow run = start();
    WorkflowClient.start(
        run::run, new ValidationRequest(SERVICE, null, "tester", null, true, null));

    awaitProgress(run, p -> p.step("service-health").awaitingDecision());
    run.resolveStep(
        new StepResolutionRequest("service-health", Action.SKIP, APPROVER, "seen, moving on"));
    ValidationReport report = WorkflowStub.fromTyped(run).getResult(ValidationReport.class);

    assertThat(report.overall()).isEqualTo(Verdict.FAIL);
    assertThat(report.failed()).extracting(Check::name).containsExactly("service-health");
    assertThat(report.failed().get(0).summary())
        .startsWith("service unhealthy: ")
        .contains("health URL answered 503");
  }

  /** After a failover the public name points at the standby: that is what gets validated. */
  @Test
  void afterAFailover_validatesTheStandbyTheNamePointsAt() {
    when(dns.readRecord(any()))
        .thenReturn(DnsTarget.cname("standby-lb.ap-northeast-1.elb.amazonaws.com", 60));
    when(sync.compareSyncedData(any())).thenReturn(facts(null, 0, 0));

    ValidationWorkflow run = start();
    ValidationReport report = run.run(request());

    assertThat(report.overall()).isEqualTo(Verdict.PASS);
    verify(checks)
        .checkHealth(
            org.mockito.ArgumentMatchers.argThat(
                q ->
                    q.service().region().equals("ap-northeast-1")
                        && q.targetGroupArn().equals("arn:aws:elasticloadbalancing:standby-tg")));
    assertThat(
            run.progress().steps().stream()
                .filter(s -> s.id().equals("locate-service"))
                .findFirst()
                .orElseThrow()
                .detail())
        .endsWith(": the standby (ap-northeast-1) serves");
  }

  /** The opt-in canary: a comment posted on Gitee shows up in Notion a few polls later. */
  @Test
  void canaryEnabled_commentReachesNotion_passes() {
    when(profiles.loadProfile(SERVICE)).thenReturn(withCanary());
    when(sync.compareSyncedData(any())).thenReturn(facts(null, 0, 0));
    java.time.Instant posted = java.time.Instant.parse("2026-11-21T03:20:05Z");
    when(writes.postCanary(any(), any()))
        .thenReturn(new dev.drrunbooks.sync.CanaryPost("acme/sync#I1", "m", posted, true));
    when(sync.canaryInNotion(any(), any()))
        .thenReturn(null, posted.minusSeconds(600), posted.plusSeconds(12));

    ValidationReport report = start().run(request());

    Check canary = report.checks().get(4);
    assertThat(canary.name()).isEqualTo("canary");
    assertThat(canary.verdict()).isEqualTo(Verdict.PASS);
    assertThat(canary.summary())
        .isEqualTo("a comment on acme/sync#I1 reached Notion 12s after Gitee recorded it");
    verify(writes, times(1))
        .postCanary(
            any(), org.mockito.ArgumentMatchers.startsWith("dr-runbooks canary validation/"));
  }

  /** A canary that never arrives fails its check and waits for a person, like any check. */
  @Test
  void canaryNeverArrives_failsWithinItsBound() {
    when(profiles.loadProfile(SERVICE)).thenReturn(withCanary());
    when(sync.compareSyncedData(any())).thenReturn(facts(null, 0, 0));
    when(writes.postCanary(any(), any()))
        .thenReturn(
            new dev.drrunbooks.sync.CanaryPost(
                "acme/sync#I1", "m", java.time.Instant.parse("2026-11-21T03:20:05Z"), true));
    ValidationWorkflow run = start();
    WorkflowClient.start(run::run, request());

    var p =
        awaitProgress(
            run,
            q ->
                q.steps().stream()
                    .anyMatch(s -> s.id().equals("canary") && s.status() == StepStatus.FAILED),
            env);
    assertThat(
            p.steps().stream()
                .filter(s -> s.id().equals("canary"))
                .findFirst()
                .orElseThrow()
                .detail())
        .contains("did not reach Notion within 60 s");
  }

  private static ServiceProfile withCanary() {
    ServiceProfile.Sync s = Fixtures.profile().sync();
    return Fixtures.withSync(
        new ServiceProfile.Sync(
            s.gitee(),
            s.notion(),
            s.recentIssues(),
            new ServiceProfile.Sync.Canary(true, "acme/sync", "I1", 60)));
  }

  @Test
  void profileWithoutSyncSection_skipsTheDataChecks_andSaysWhy() {
    when(profiles.loadProfile(SERVICE)).thenReturn(Fixtures.withSync(null));

    ValidationReport report = start().run(request());

    assertThat(report.overall()).isEqualTo(Verdict.PASS);
    assertThat(report.checks().subList(1, 5))
        .allSatisfy(
            c -> {
              assertThat(c.verdict()).isEqualTo(Verdict.SKIPPED);
              assertThat(c.summary()).contains("no sync section");
            });
    assertThat(report.measuredRpoSeconds()).isNull();
  }

  private static IntegrityFacts facts(Instant oldest, int missing, int stale) {
    List<String> missingKeys =
        java.util.stream.IntStream.range(0, missing).mapToObj(i -> "acme/docs#M" + i).toList();
    List<String> staleKeys =
        java.util.stream.IntStream.range(0, stale).mapToObj(i -> "acme/sync#I" + (i + 1)).toList();
    return new IntegrityFacts(
        CHECKED,
        List.of(
            new IntegrityFacts.Repository("acme/sync", 5, List.of(), staleKeys, oldest),
            new IntegrityFacts.Repository("acme/docs", 5, missingKeys, List.of(), oldest)));
  }

  private static ValidationRequest request() {
    return ValidationRequest.now(SERVICE, "tester");
  }

  private ValidationWorkflow start() {
    return client.newWorkflowStub(
        ValidationWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(QUEUE)
            .setWorkflowId("validation/" + SERVICE + "/" + System.nanoTime())
            .build());
  }
}
