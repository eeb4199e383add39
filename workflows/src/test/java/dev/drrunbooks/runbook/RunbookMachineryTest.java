package dev.drrunbooks.runbook;

import static dev.drrunbooks.testing.Fixtures.APPROVER;
import static dev.drrunbooks.testing.RunAssertions.assertFails;
import static dev.drrunbooks.testing.RunAssertions.awaitProgress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.StepResolutionRequest.Action;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.testing.Fixtures;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared machinery on its own, through a small test-only workflow whose body is chosen by a
 * scenario: steps beside gates, parallel failures, cleanup, notifications, failure policy, the RTO
 * clock and child workflows.
 */
class RunbookMachineryTest {

  private static final String QUEUE = "machinery-test";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final Actions actions = new Actions();
  private final Notifier notifier = new Notifier();
  private final AtomicInteger ids = new AtomicInteger();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Fixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(MachineryWorkflowImpl.class);
    worker.registerActivitiesImplementations(actions, notifier);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    actions.releaseAll();
    notifier.release();
    env.close();
  }

  /** Guards the RunbookStatus a watcher relies on: a gate waiting is never hidden by a step. */
  @Test
  void stepRunningWhileGateWaits_runIsWaitingForApproval() {
    CountDownLatch standby = actions.block("standby");
    MachineryWorkflow run = start("gate-while-step");

    RunbookProgress both =
        awaitProgress(
            run,
            p ->
                p.step("standby").status() == StepStatus.RUNNING
                    && p.step("approve").status() == StepStatus.WAITING_FOR_APPROVAL);
    assertThat(both.status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);

    standby.countDown();
    RunbookProgress standbyDone =
        awaitProgress(run, p -> p.step("standby").status() == StepStatus.DONE);
    assertThat(standbyDone.status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);

    // The gate may be left out: exactly one is waiting.
    ApprovalRecord decision = run.approve(new ApprovalRequest(null, APPROVER, null, "go"));
    assertThat(decision.gate()).isEqualTo("approve");
    assertThat(result(run)).isEqualTo("done");
    assertThat(run.progress().status()).isEqualTo(RunStatus.COMPLETED);
  }

  /** Guards against one failure slot: each parallel branch is resolved by name, separately. */
  @Test
  void twoParallelFailingSteps_areResolvedSeparately() {
    actions.failTimes("left", 1, "Boom");
    actions.failTimes("right", 1, "Boom");
    MachineryWorkflow run = start("parallel");

    RunbookProgress waiting =
        awaitProgress(
            run, p -> p.waitingSteps().size() == 2 && p.step("middle").status().finished());
    assertThat(waiting.status()).isEqualTo(RunStatus.WAITING_FOR_OPERATOR);
    assertThat(waiting.step("middle").status()).isEqualTo(StepStatus.DONE);

    assertThatThrownBy(
            () -> run.resolveStep(new StepResolutionRequest(null, Action.SKIP, APPROVER, null)))
        .rootCause()
        .hasMessageContaining("steps left, right are waiting for a decision");

    run.resolveStep(new StepResolutionRequest("right", Action.SKIP, APPROVER, "done by hand"));
    RunbookProgress afterSkip =
        awaitProgress(run, p -> p.step("right").status() == StepStatus.SKIPPED);
    assertThat(afterSkip.step("right").detail())
        .isEqualTo("skipped by ops-lead: done by hand (failed: right failed)");
    assertThat(afterSkip.step("left").awaitingDecision()).isTrue();
    assertThat(afterSkip.status()).isEqualTo(RunStatus.WAITING_FOR_OPERATOR);

    run.resolveStep(new StepResolutionRequest(null, Action.RETRY, APPROVER, null));
    assertThat(result(run)).isEqualTo("left ok|null|middle ok");

    StepView left = run.progress().step("left");
    assertThat(left.status()).isEqualTo(StepStatus.DONE);
    assertThat(left.attempts()).isEqualTo(2);
    assertThat(left.failures())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.reason()).isEqualTo("left failed");
              assertThat(a.failureType()).isEqualTo("Boom");
            });
  }

  /**
   * Guards the cancel path: undos run newest first, once each, and the run says what was undone.
   */
  @Test
  void canceledRun_runsCleanupsInReverseOrder_andEndsCanceled() {
    MachineryWorkflow run = start("cleanup");
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    assertThat(run.progress().step("undo-2").status()).isEqualTo(StepStatus.PENDING);

    WorkflowStub.fromTyped(run).cancel();

    assertThatThrownBy(() -> result(run))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(actions.calls()).containsExactly("write-1", "write-2", "undo-2", "undo-1");
    RunbookProgress p = run.progress();
    assertThat(p.status()).isEqualTo(RunStatus.CANCELED);
    assertThat(p.step("approve").status()).isEqualTo(StepStatus.CANCELED);
    assertThat(p.step("undo-1").status()).isEqualTo(StepStatus.DONE);
    assertThat(p.step("undo-1").protects()).isEqualTo("write-1");
    assertThat(p.outcome()).isEqualTo("canceled; undone: Undo write 2 (done), Undo write 1 (done)");
    assertThat(notifier.titles()).contains("MachineryTest canceled for test-service");
  }

  @Test
  void rejectedGate_runsCleanupsOnce_andFailsRejected() {
    MachineryWorkflow run = start("cleanup");
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);

    run.approve(new ApprovalRequest("approve", APPROVER, Decision.REJECT, "wrong region"));

    assertFails(run, FailureTypes.REJECTED, "gate approve rejected by ops-lead: wrong region");
    assertThat(actions.calls()).containsExactly("write-1", "write-2", "undo-2", "undo-1");
    assertThat(run.progress().outcome())
        .endsWith("undone: Undo write 2 (done), Undo write 1 (done)");
  }

  /** The cleanup of a write registered before it runs even when that write itself failed. */
  @Test
  void abortedStep_runsEveryCleanupRegisteredBeforeIt() {
    actions.failTimes("write-2", 1, "Boom");
    MachineryWorkflow run = start("cleanup");
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);

    run.resolveStep(new StepResolutionRequest("write-2", Action.ABORT, APPROVER, "stop"));

    assertFails(run, FailureTypes.ABORTED, "aborted by ops-lead at step write-2: stop");
    assertThat(actions.calls()).containsExactly("write-1", "write-2", "undo-2", "undo-1");
    assertThat(run.progress().status()).isEqualTo(RunStatus.FAILED);
  }

  /** Guards against a lost undo: a failing one is recorded and waits to be retried. */
  @Test
  void failingUndo_isRecordedAndRetried_notLost() {
    actions.failTimes("undo-2", 1, "Boom");
    MachineryWorkflow run = start("cleanup");
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);

    WorkflowStub.fromTyped(run).cancel();
    RunbookProgress stuck = awaitProgress(run, p -> p.step("undo-2").awaitingDecision());
    assertThat(stuck.status()).isEqualTo(RunStatus.WAITING_FOR_OPERATOR);
    assertThat(actions.calls()).doesNotContain("undo-1");

    run.resolveStep(new StepResolutionRequest("undo-2", Action.RETRY, APPROVER, "fixed IAM"));

    assertThatThrownBy(() -> result(run)).hasCauseInstanceOf(CanceledFailure.class);
    assertThat(actions.calls()).containsExactly("write-1", "write-2", "undo-2", "undo-2", "undo-1");
    StepView undo2 = run.progress().step("undo-2");
    assertThat(undo2.status()).isEqualTo(StepStatus.DONE);
    assertThat(undo2.failures())
        .extracting(StepView.Attempt::reason)
        .containsExactly("undo-2 failed");
  }

  @Test
  void completedRun_skipsItsCleanups() {
    MachineryWorkflow run = start("cleanup");
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(new ApprovalRequest("approve", APPROVER, Decision.APPROVE, null));

    assertThat(result(run)).isEqualTo("done");
    assertThat(actions.calls()).containsExactly("write-1", "write-2");
    assertThat(run.progress().step("undo-1").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(run.progress().step("undo-1").detail()).isEqualTo("not needed: the run completed");
  }

  /** Guards the timeline as the audit trail: who started, who decided, in order, with times. */
  @Test
  void timeline_recordsRequesterDecisionsAndEnd_inOrder() {
    MachineryWorkflow run = start("cleanup");
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_APPROVAL);
    run.approve(new ApprovalRequest("approve", APPROVER, Decision.APPROVE, "looks right"));
    result(run);

    List<TimelineEvent> timeline = run.progress().timeline();
    assertThat(timeline.get(0).type()).isEqualTo(Type.RUN_STARTED);
    assertThat(timeline.get(0).actor()).isEqualTo("tester");
    assertThat(timeline).extracting(TimelineEvent::seq).isSorted().doesNotHaveDuplicates();
    assertThat(timeline).extracting(TimelineEvent::at).isSorted();
    TimelineEvent decided =
        timeline.stream().filter(e -> e.type() == Type.GATE_DECIDED).findFirst().orElseThrow();
    assertThat(decided.actor()).isEqualTo(APPROVER);
    assertThat(decided.detail()).isEqualTo("approved by ops-lead: looks right");
    assertThat(timeline)
        .extracting(TimelineEvent::type)
        .containsSubsequence(
            Type.RUN_STARTED,
            Type.PROFILE_LOADED,
            Type.CLEANUP_REGISTERED,
            Type.STEP_STARTED,
            Type.STEP_DONE,
            Type.GATE_WAITING,
            Type.GATE_DECIDED,
            Type.CLEANUP_RELEASED,
            Type.RUN_ENDED);
    assertThat(timeline.get(timeline.size() - 1).type())
        .isIn(Type.RUN_ENDED, Type.NOTIFICATION_SENT);
    // The checklist is the fold of the timeline, nothing else.
    assertThat(Checklist.fold(MachineryWorkflowImpl.plan("cleanup"), timeline, Map.of()))
        .isEqualTo(run.progress().steps());
  }

  /** Guards recovery speed during an outage: a webhook that hangs must not hold the next step. */
  @Test
  void hangingNotification_neverDelaysAStep() {
    notifier.hangOn("before work");
    MachineryWorkflow run = start("notify-then-work");

    RunbookProgress p = awaitProgress(run, x -> x.step("work").status() == StepStatus.DONE);
    assertThat(notifier.hanging()).isTrue();
    assertThat(p.timeline())
        .noneMatch(e -> e.type() == Type.NOTIFICATION_SENT && e.detail().equals("before work"));

    notifier.release();
    assertThat(result(run)).isEqualTo("done");
    List<TimelineEvent> timeline = run.progress().timeline();
    int workDone = indexOf(timeline, e -> e.type() == Type.STEP_DONE && "work".equals(e.step()));
    int sent =
        indexOf(
            timeline, e -> e.type() == Type.NOTIFICATION_SENT && e.detail().equals("before work"));
    assertThat(workDone).isLessThan(sent);
  }

  @Test
  void failedNotification_isRecordedOnTimeline_andRunCompletes() {
    notifier.failOn("before work");
    MachineryWorkflow run = start("notify-then-work");

    assertThat(result(run)).isEqualTo("done");
    assertThat(run.progress().timeline())
        .filteredOn(e -> e.type() == Type.NOTIFICATION_FAILED)
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo("before work: webhook answered 500"));
  }

  /** A failure one step can live with ends the run when another step declares it fatal. */
  @Test
  void failurePolicy_isDecidedPerStep() {
    actions.failTimes("tolerant", 1, "Fatal");
    actions.failTimes("fatal", 1, "Fatal");
    MachineryWorkflow run = start("policy");

    RunbookProgress waiting = awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);
    assertThat(waiting.waitingStep().id()).isEqualTo("tolerant");
    run.resolveStep(new StepResolutionRequest(null, Action.SKIP, APPROVER, null));

    assertFails(run, "Fatal", "fatal: fatal failed");
    assertThat(run.progress().step("fatal").awaitingDecision()).isFalse();
    assertThat(run.progress().step("after").status()).isEqualTo(StepStatus.SKIPPED);
  }

  /**
   * A failed step reminds like a gate, so nobody finds it hours later waiting in silence; the
   * reminders come further apart each time (10, then 20, then 40 minutes...), so a run left over a
   * weekend sends a few dozen and its history stays bounded.
   */
  @Test
  void failedStep_remindsWithTheCommand_furtherApartEachTime() {
    actions.failTimes("tolerant", 1, "Boom");
    MachineryWorkflow run = start("policy");
    awaitProgress(run, p -> p.status() == RunStatus.WAITING_FOR_OPERATOR);

    env.sleep(Duration.ofMinutes(11));
    assertThat(reminders()).isEqualTo(1);
    env.sleep(Duration.ofMinutes(20)); // 31 min: the second reminder came at 30
    assertThat(reminders()).isEqualTo(2);
    env.sleep(Duration.ofMinutes(30)); // 61 min: the third is due at 70
    assertThat(reminders()).isEqualTo(2);
    assertThat(notifier.bodies())
        .anyMatch(b -> b.contains("./runbook step ") && b.contains("--step tolerant"));

    run.resolveStep(new StepResolutionRequest("tolerant", Action.SKIP, APPROVER, "by hand"));
    assertThat(Reminders.next(Duration.ofMinutes(10), 9)).isEqualTo(Reminders.LONGEST_GAP);
  }

  private long reminders() {
    return notifier.titles().stream()
        .filter(t -> t.startsWith("Still waiting for a decision: step Tolerant"))
        .count();
  }

  /** Guards the RTO: a child measures from the incident's detection, as its parent does. */
  @Test
  void detectedAt_startsTheClock_andChildAgreesWithParent() {
    Instant detected = Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofMinutes(10));
    MachineryWorkflow run = start("parent", detected);

    String childClock = result(run);
    RunbookProgress parent = run.progress();
    assertThat(parent.clockStartedAt()).isEqualTo(detected);
    assertThat(childClock).isEqualTo(detected.toString());
    assertThat(parent.elapsedSeconds()).isGreaterThanOrEqualTo(600);
    StepView child = parent.step("child");
    assertThat(child.childWorkflowId()).endsWith("/child");
    RunbookProgress childProgress =
        client.newWorkflowStub(MachineryWorkflow.class, child.childWorkflowId()).progress();
    assertThat(childProgress.clockStartedAt()).isEqualTo(detected);
  }

  @Test
  void detectedAtInTheFuture_isRefusedBeforeAnything() {
    MachineryWorkflow run =
        start("notify-then-work", Instant.ofEpochMilli(env.currentTimeMillis()).plusSeconds(3600));
    assertFails(run, FailureTypes.INVALID_INPUT, "is in the future");
    assertThat(actions.calls()).isEmpty();
    assertThat(notifier.titles()).isEmpty();
  }

  /**
   * A detection time of 0001-01-01 (Alertmanager's zero time, or a typo) is refused before the run
   * changes anything: it used to be accepted, and the run's end then failed its workflow task every
   * 10 s, forever, in the recovery-time metric.
   */
  @Test
  void detectedAtFromYearOne_isRefusedBeforeAnything() {
    MachineryWorkflow run = start("notify-then-work", Instant.parse("0001-01-01T00:00:00Z"));
    assertFails(run, FailureTypes.INVALID_INPUT, "is more than 7 days before now");
    assertThat(actions.calls()).isEmpty();
  }

  /**
   * Bookkeeping never fails a workflow task: a recovery time of 2,000 years is recorded, capped.
   */
  @Test
  void hugeOrNegativeDurations_becomeMetricsWithoutThrowing() {
    assertThat(RunMetrics.tally(java.time.Duration.ofDays(365L * 2025)).toMillis()).isPositive();
    assertThat(RunMetrics.tally(java.time.Duration.ofSeconds(-5)).toMillis()).isZero();
    assertThat(
            new RunbookProgress(
                    "P",
                    "id",
                    "s",
                    null,
                    null,
                    null,
                    RunStatus.RUNNING,
                    false,
                    null,
                    null,
                    null,
                    Long.MAX_VALUE / 200,
                    30,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    null)
                .rtoPercentUsed())
        .isEqualTo(Integer.MAX_VALUE);
  }

  /** Steps chosen at run time appear in the checklist where the procedure puts them. */
  @Test
  void stepAddedAtRunTime_appearsAfterTheNamedStep() {
    MachineryWorkflow run = start("added");
    assertThat(result(run)).isEqualTo("done");
    assertThat(run.progress().steps())
        .extracting(StepView::id)
        .containsExactly("first", "chosen", "last");
    assertThat(run.progress().step("chosen").status()).isEqualTo(StepStatus.DONE);
  }

  /**
   * A bug in a step's code (here a null it did not expect) fails that step visibly and waits for a
   * person, instead of failing the workflow task every ten seconds for ever with nobody told; a
   * broken description of a result leaves its step done.
   */
  @Test
  void bugInAStep_failsTheStepWithItsMessage_andWaitsForAPerson() {
    MachineryWorkflow run = start("bug-in-step");
    RunbookProgress stuck = awaitProgress(run, p -> p.step("buggy").awaitingDecision());
    assertThat(stuck.status()).isEqualTo(RunStatus.WAITING_FOR_OPERATOR);
    assertThat(stuck.step("buggy").detail())
        .contains("the runbook's workflow code failed: NullPointerException")
        .contains("at RunbookMachineryTest$MachineryWorkflowImpl.");

    run.resolveStep(new StepResolutionRequest("buggy", Action.SKIP, APPROVER, "checked by hand"));

    assertThat(result(run)).isEqualTo("done");
    assertThat(run.progress().step("after").status()).isEqualTo(StepStatus.DONE);
    assertThat(run.progress().step("after").detail())
        .startsWith("done (describing its result failed: StringIndexOutOfBoundsException");
  }

  /**
   * A bug between steps ends the run FAILED, saying what broke and where, after its cleanups: the
   * run does not stay RUNNING with its resource held and a cancel that nobody takes.
   */
  @Test
  void bugBetweenSteps_endsTheRunFailed_afterItsCleanups() {
    MachineryWorkflow run = start("bug-outside-step");

    assertFails(run, FailureTypes.WORKFLOW_CODE, "the runbook's workflow code failed");
    assertThat(actions.calls()).containsExactly("write-1", "undo-1");
    assertThat(run.progress().status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.progress().outcome())
        .contains("NullPointerException")
        .contains("undone: Undo write 1 (done)");
  }

  // --- the test-only workflow ----------------------------------------------------------------

  public record TestRequest(
      String service,
      boolean dryRun,
      String incidentId,
      String requestedBy,
      Instant detectedAt,
      String scenario)
      implements RunbookRequest {
    @Override
    public List<String> problems() {
      return RunbookRequest.commonProblems(this);
    }
  }

  @WorkflowInterface
  public interface MachineryWorkflow extends RunbookWorkflow {
    @WorkflowMethod(name = "MachineryTest")
    String run(TestRequest request);
  }

  @ActivityInterface
  public interface TestActions {
    @ActivityMethod(name = "TestWork")
    String work(String name);
  }

  public static class MachineryWorkflowImpl extends RunbookWorkflowBase
      implements MachineryWorkflow {

    static final Procedure PROCEDURE =
        new Procedure(
            "machinery-test",
            "MachineryTest",
            TestRequest.class,
            MachineryWorkflowImpl.class,
            "-",
            "test only",
            false,
            "-",
            Map.of());

    private final TestActions actions =
        Workflow.newActivityStub(
            TestActions.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    static List<Step> plan(String scenario) {
      return switch (scenario) {
        case "gate-while-step" ->
            List.of(Step.of("standby", "Start standby"), Step.gate("approve", "Approve"));
        case "parallel" ->
            List.of(Step.of("left", "Left"), Step.of("right", "Right"), Step.of("middle", "Mid"));
        case "cleanup" ->
            List.of(
                Step.of("write-1", "Write 1"),
                Step.of("write-2", "Write 2"),
                Step.gate("approve", "Approve"));
        case "notify-then-work" -> List.of(Step.of("work", "Work"));
        case "policy" ->
            List.of(
                Step.of("tolerant", "Tolerant"),
                Step.of("fatal", "Fatal").endsRunOn("Fatal"),
                Step.of("after", "After"));
        case "parent" -> List.of(Step.of("child", "Run the child"));
        case "child-body" -> List.of(Step.of("child-step", "Child step"));
        case "added" -> List.of(Step.of("first", "First"), Step.of("last", "Last"));
        case "bug-in-step" -> List.of(Step.of("buggy", "Buggy"), Step.of("after", "After"));
        case "bug-outside-step" -> List.of(Step.of("write-1", "Write 1"), Step.of("after", "A"));
        default -> List.of();
      };
    }

    @WorkflowInit
    public MachineryWorkflowImpl(TestRequest request) {
      super(new Runbook(PROCEDURE, request, plan(request == null ? "" : request.scenario())));
    }

    @Override
    public String run(TestRequest request) {
      return runbook.run(request, () -> body(request));
    }

    private String body(TestRequest request) {
      ServiceProfile profile = Fixtures.profile();
      runbook.useProfile(profile, ServiceRef.primary(profile));
      String result = "done";
      switch (request.scenario()) {
        case "gate-while-step" -> {
          Promise<String> standby = runbook.start(work("standby"));
          runbook.gate("approve", "Switch?", null);
          standby.get();
        }
        case "parallel" -> {
          Branch<String> left = work("left");
          Branch<String> right = work("right");
          Branch<String> middle = work("middle");
          Parallel.Results r = runbook.parallel(List.of(left, right, middle));
          result = r.get(left) + "|" + r.get(right) + "|" + r.get(middle);
        }
        case "cleanup" -> {
          runbook.onCleanup("write-1", "undo-1", "Undo write 1", () -> actions.work("undo-1"));
          runbook.step("write-1", () -> actions.work("write-1"), s -> s);
          runbook.onCleanup("write-2", "undo-2", "Undo write 2", () -> actions.work("undo-2"));
          runbook.step("write-2", () -> actions.work("write-2"), s -> s);
          runbook.gate("approve", "Keep both writes?", null);
        }
        case "notify-then-work" -> {
          runbook.notify(Notification.Level.INFO, "before work", "about to work");
          runbook.step("work", () -> actions.work("work"), s -> s);
        }
        case "policy" -> {
          runbook.step("tolerant", () -> actions.work("tolerant"), s -> s);
          runbook.step("fatal", () -> actions.work("fatal"), s -> s);
          runbook.step("after", () -> actions.work("after"), s -> s);
        }
        case "parent" ->
            result =
                runbook.child(
                    "child",
                    MachineryWorkflow.class,
                    Workflow.getInfo().getWorkflowId() + "/child",
                    c ->
                        c.run(
                            new TestRequest(
                                request.service(),
                                false,
                                null,
                                "parent",
                                runbook.clockStart(),
                                "child-body")),
                    s -> s);
        case "child-body" -> {
          runbook.step("child-step", () -> actions.work("child-step"), s -> s);
          result = runbook.clockStart().toString();
        }
        case "added" -> {
          runbook.step("first", () -> actions.work("first"), s -> s);
          runbook.addStep(Step.of("chosen", "Chosen at run time"), "first");
          runbook.step("chosen", () -> actions.work("chosen"), s -> s);
          runbook.step("last", () -> actions.work("last"), s -> s);
        }
        case "bug-in-step" -> {
          String none = Workflow.getInfo().getWorkflowId().isEmpty() ? "x" : null;
          runbook.step("buggy", () -> none.length(), n -> "length " + n);
          // The describing function is bookkeeping: its failure leaves the step done.
          runbook.step("after", () -> actions.work("after"), s -> s.substring(99));
        }
        case "bug-outside-step" -> {
          runbook.onCleanup("write-1", "undo-1", "Undo write 1", () -> actions.work("undo-1"));
          runbook.step("write-1", () -> actions.work("write-1"), s -> s);
          List<String> none = Workflow.getInfo().getWorkflowId().isEmpty() ? List.of() : null;
          result = none.get(0);
        }
        default -> throw runbook.refuse("unknown scenario " + request.scenario());
      }
      runbook.complete(result);
      return result;
    }

    private Branch<String> work(String name) {
      return Branch.of(name, () -> actions.work(name), s -> s);
    }
  }

  /** Activities that succeed, fail a set number of times, or block until released. */
  static final class Actions implements TestActions {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, String> failureTypes = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> blocks = new ConcurrentHashMap<>();

    void failTimes(String name, int times, String type) {
      failures.put(name, new AtomicInteger(times));
      failureTypes.put(name, type);
    }

    CountDownLatch block(String name) {
      return blocks.computeIfAbsent(name, k -> new CountDownLatch(1));
    }

    void releaseAll() {
      blocks.values().forEach(CountDownLatch::countDown);
    }

    List<String> calls() {
      return List.copyOf(calls);
    }

    @Override
    public String work(String name) {
      calls.add(name);
      CountDownLatch block = blocks.get(name);
      if (block != null) {
        await(block);
      }
      AtomicInteger left = failures.get(name);
      if (left != null && left.getAndDecrement() > 0) {
        throw ApplicationFailure.newNonRetryableFailure(name + " failed", failureTypes.get(name));
      }
      return name + " ok";
    }
  }

  /** A notification channel that can hang or fail on one message. */
  static final class Notifier implements NotifyActivities {
    private final List<String> titles = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String hangOn;
    private volatile String failOn;
    private volatile boolean hanging;

    void hangOn(String title) {
      hangOn = title;
    }

    void failOn(String title) {
      failOn = title;
    }

    boolean hanging() {
      return hanging;
    }

    void release() {
      release.countDown();
    }

    List<String> titles() {
      return List.copyOf(titles);
    }

    List<String> bodies() {
      return List.copyOf(bodies);
    }

    @Override
    public int notify(Notification notification) {
      titles.add(notification.title());
      bodies.add(notification.message());
      if (notification.title().equals(failOn)) {
        throw ApplicationFailure.newNonRetryableFailure("webhook answered 500", "NotifyFailed");
      }
      if (notification.title().equals(hangOn)) {
        hanging = true;
        await(release);
        hanging = false;
      }
      return 1;
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private MachineryWorkflow start(String scenario) {
    return start(scenario, null);
  }

  private MachineryWorkflow start(String scenario, Instant detectedAt) {
    MachineryWorkflow run =
        client.newWorkflowStub(
            MachineryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("machinery-" + scenario + "-" + ids.incrementAndGet())
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(
        run::run,
        new TestRequest(Fixtures.SERVICE, false, "INC-1", "tester", detectedAt, scenario));
    return run;
  }

  private static String result(MachineryWorkflow run) {
    return WorkflowStub.fromTyped(run).getResult(String.class);
  }

  private static int indexOf(List<TimelineEvent> timeline, Predicate<TimelineEvent> match) {
    for (int i = 0; i < timeline.size(); i++) {
      if (match.test(timeline.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such event in " + timeline);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
