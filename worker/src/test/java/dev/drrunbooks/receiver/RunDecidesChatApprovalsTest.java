package dev.drrunbooks.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.notify.NotifyActivitiesImpl;
import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.activities.sandbox.SandboxRunbookActivities;
import dev.drrunbooks.activities.sandbox.SandboxWorld;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.notify.NotifyActivities;
import dev.drrunbooks.rollback.AppRollbackRequest;
import dev.drrunbooks.rollback.AppRollbackWorkflow;
import dev.drrunbooks.rollback.AppRollbackWorkflowImpl;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.RunbookSearchAttributes;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.TimelineEvent;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat approvals decided by the run itself, on a Temporal server with real rollbacks of the
 * sandbox: a chat user mapped in one profile cannot decide another profile's gate, a captured click
 * re-posted to any replica cannot decide the next run of the same service, and one opening of a
 * gate is decided once. These are the attacks that worked while the receiver chose the profile from
 * the message's text and buttons named only the workflow id.
 */
class RunDecidesChatApprovalsTest {

  private static final String QUEUE = "chat-approvals-test";
  private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  @TempDir Path dir;
  private TestWorkflowEnvironment env;
  private ProfileLoader profiles;
  private final List<Notification> sent = new CopyOnWriteArrayList<>();

  /** The notifications a run sends, captured as a chat channel would receive them. */
  private final class CapturingNotify implements NotifyActivities {
    private final NotifyActivities real = new NotifyActivitiesImpl(name -> null);

    @Override
    public int notify(Notification n) {
      sent.add(n);
      return real.notify(n);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    Path runbooks = dir.resolve("runbooks");
    copy(Path.of("..", "runbooks"), runbooks);
    // sandbox2: another service, whose ops-lead is a different person in every chat.
    String sandbox = Files.readString(runbooks.resolve("sandbox.yaml"));
    Files.writeString(
        runbooks.resolve("sandbox2.yaml"),
        sandbox
            .replace("name: sandbox\n", "name: sandbox2\n")
            .replace("service: gitee-notion-sync-service", "service: sandbox2-service")
            .replace(
                "ops-lead: {slack: U0000OPSLEAD, feishu: ou_0000opslead, dingtalk: \"0000opslead\"}",
                "ops-lead: {slack: U0000REALOPS, feishu: ou_0000realops, dingtalk: \"0000REALOPS\"}")
            .replace(
                "dev-lead: {slack: U0000DEVLEAD, feishu: ou_0000devlead, dingtalk: \"0000devlead\"}",
                "dev-lead: {slack: U0000REALDEV, feishu: ou_0000realdev, dingtalk: \"0000REALDEV\"}"));
    profiles = new ProfileLoader(runbooks, name -> null);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    RunbookSearchAttributes.ALL.forEach(
        key ->
            env.registerSearchAttribute(
                key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    SandboxWorld world = new SandboxWorld(Clock.systemUTC(), Duration.ofMillis(1500));
    List<Object> activities = new ArrayList<>();
    for (Object a :
        SandboxRunbookActivities.over(world, profiles, Files.createDirectories(dir.resolve("r")))) {
      activities.add(a instanceof NotifyActivitiesImpl ? new CapturingNotify() : a);
    }
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(AppRollbackWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.toArray());
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void dingTalkUserOfAnotherProfile_cannotDecideThisServicesGate() throws Exception {
    WorkflowExecution run = startRollback("sandbox2");
    Notification gate = gateNotification(run);
    DingTalkActions dingtalk =
        new DingTalkActions("dingtalk-app-secret-Zq81", approvals(), Clock.systemUTC());
    String line =
        "runbook approve "
            + run.getWorkflowId()
            + " "
            + run.getRunId()
            + " "
            + gate.gate()
            + " "
            + gate.ticket();

    // 0000opslead is ops-lead in profile sandbox, nobody in sandbox2.
    long t = System.currentTimeMillis();
    AlertReceiver.Answer forged =
        dingtalk.handle(
            String.valueOf(t),
            DingTalkApprovalsTest.sign(String.valueOf(t)),
            DingTalkApprovalsTest.message("0000opslead", line));

    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body().toString())
        .contains("dingtalk user 0000opslead is not mapped to an approver of service sandbox2");
    assertThat(status(run, gate.gate())).isEqualTo(StepStatus.WAITING_FOR_APPROVAL);

    AlertReceiver.Answer real =
        dingtalk.handle(
            String.valueOf(t + 1),
            DingTalkApprovalsTest.sign(String.valueOf(t + 1)),
            DingTalkApprovalsTest.message("0000REALOPS", line));

    assertThat(real.status()).isEqualTo(200);
    assertThat(real.body().toString()).contains("as ops-lead");
    TimelineEvent decided =
        progress(run).timeline().stream()
            .filter(e -> e.type() == TimelineEvent.Type.GATE_DECIDED)
            .findFirst()
            .orElseThrow();
    assertThat(decided.actor()).isEqualTo("ops-lead");
    assertThat(decided.facts()).containsEntry(TimelineEvent.VIA, "dingtalk:0000REALOPS");
  }

  @Test
  void slackClickReplayedOntoTheNextRun_decidesNothing_andAGateOpeningIsDecidedOnce()
      throws Exception {
    WorkflowExecution first = startRollback("sandbox");
    Notification firstGate = gateNotification(first);
    SlackActions replica = new SlackActions(SLACK_SECRET, approvals(), Clock.systemUTC());
    String ts = String.valueOf(Instant.now().getEpochSecond());
    byte[] reject = click("U0000OPSLEAD", "runbook-reject", firstGate);
    String signature = SlackApprovalsTest.sign(ts, reject);

    assertThat(replica.handle(ts, signature, reject).status()).isEqualTo(200);
    awaitClosed(first);

    // The next rollback of the same service: same workflow id, a new run, a new gate opening.
    WorkflowExecution second = startRollback("sandbox");
    assertThat(second.getWorkflowId()).isEqualTo(first.getWorkflowId());
    Notification secondGate = gateNotification(second);
    assertThat(secondGate.ticket()).isNotEqualTo(firstGate.ticket());

    // The same signed request, unchanged, to the replica that took it and to another one.
    AlertReceiver.Answer sameReplica = replica.handle(ts, signature, reject);
    AlertReceiver.Answer otherReplica =
        new SlackActions(SLACK_SECRET, approvals(), Clock.systemUTC())
            .handle(ts, signature, reject);

    assertThat(sameReplica.status()).isEqualTo(401);
    assertThat(otherReplica.status()).isEqualTo(410);
    assertThat(otherReplica.body().toString()).contains("has ended");
    assertThat(status(second, secondGate.gate())).isEqualTo(StepStatus.WAITING_FOR_APPROVAL);

    // Two clicks on the new gate's button, each freshly signed: the second decides nothing.
    byte[] approve = click("U0000OPSLEAD", "runbook-approve", secondGate);
    String now = String.valueOf(Instant.now().getEpochSecond());
    assertThat(replica.handle(now, SlackApprovalsTest.sign(now, approve), approve).status())
        .isEqualTo(200);
    byte[] again = click("U0000DEVLEAD", "runbook-reject", secondGate);
    AlertReceiver.Answer twice = replica.handle(now, SlackApprovalsTest.sign(now, again), again);

    assertThat(twice.status()).isEqualTo(403);
    assertThat(progress(second).approvals())
        .singleElement()
        .satisfies(a -> assertThat(a.approver()).isEqualTo("ops-lead"));
  }

  // --- helpers ---------------------------------------------------------------------------

  private ChatApprovals approvals() {
    return new ChatApprovals(new TemporalGateApprover(env.getWorkflowClient()));
  }

  private WorkflowExecution startRollback(String service) {
    String id = Procedure.lockId(ServiceRef.primary(profiles.load(service)));
    AppRollbackWorkflow run =
        env.getWorkflowClient()
            .newWorkflowStub(
                AppRollbackWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    return WorkflowClient.start(
        run::run,
        new AppRollbackRequest(
            service, null, null, false, null, "manual", "test", null, null, null));
  }

  /** The gate notification this run sent: what a chat channel's buttons carry. */
  private Notification gateNotification(WorkflowExecution run) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<Notification> n =
          sent.stream()
              .filter(x -> x.gate() != null && run.getRunId().equals(x.runId()))
              .findFirst();
      if (n.isPresent()) {
        return n.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no gate notification from " + run);
  }

  private RunbookProgress progress(WorkflowExecution run) {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty())
        .query("progress", RunbookProgress.class);
  }

  private StepStatus status(WorkflowExecution run, String step) {
    return progress(run).steps().stream()
        .filter(s -> s.id().equals(step))
        .findFirst()
        .orElseThrow()
        .status();
  }

  private void awaitClosed(WorkflowExecution run) throws Exception {
    WorkflowStub stub =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(
                run.getWorkflowId(), Optional.of(run.getRunId()), Optional.empty());
    try {
      stub.getResult(60, TimeUnit.SECONDS, Object.class);
    } catch (io.temporal.client.WorkflowFailedException rejected) {
      // A rejected gate ends the run: what this test wants.
    }
  }

  /** Slack's block_actions payload for a button of this gate notification. */
  private static byte[] click(String user, String actionId, Notification n) {
    String value = String.join("|", n.workflowId(), n.runId(), n.gate(), n.ticket());
    String payload =
        """
        {"type":"block_actions","user":{"id":"%s","username":"someone","team_id":"T0001"},
         "actions":[{"action_id":"%s","block_id":"b1","type":"button","value":"%s"}]}
        """
            .formatted(user, actionId, value);
    return ("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
