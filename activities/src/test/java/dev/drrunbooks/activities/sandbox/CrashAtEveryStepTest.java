package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.drill.DrillActivitiesImpl;
import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.drill.DrillRequest;
import dev.drrunbooks.failover.RegionFailoverRequest;
import dev.drrunbooks.procedures.ProcedureCatalog;
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
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.testing.Fixtures;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The worker dies at every step: the first time each kind of call of a recovery runs (a read, a
 * wait, a change, a notification, the validation's Gitee comment), it takes effect and then its
 * worker dies before Temporal hears the result (for a change, the worst moment: AWS changed, nobody
 * recorded it). A new worker, with nothing in memory, replays the run from its history and carries
 * on; the retried call must find its own effect. The world outlives the workers, as AWS and Gitee
 * do, and its journal proves each change happened once. (A real {@code kill -9} of a worker process
 * is in the worker module's RollbackEndToEndIT and in {@code runbook bench}; this covers every step
 * boundary of every recovery in seconds.)
 */
@Execution(ExecutionMode.CONCURRENT)
class CrashAtEveryStepTest {

  private static final String QUEUE = "crash-at-every-step";
  private static final ServiceRef PRIMARY = SandboxRuns.PRIMARY;

  @TempDir Path reports;
  private TestWorkflowEnvironment env;
  private SandboxWorld world;
  private final Set<String> crashedOnce = ConcurrentHashMap.newKeySet();
  private final AtomicInteger crashes = new AtomicInteger();
  private volatile WorkerFactory current;
  private int seeded;

  /** The changes the run made (the world's own seed, its first backup set, left out). */
  private List<String> changes() {
    List<String> all = world.mutations();
    return all.subList(seeded, all.size());
  }

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Fixtures.registerSearchAttributes(env);
    world = new SandboxWorld(Clock.systemUTC(), Duration.ofMillis(1000));
    seeded = world.mutations().size();
    env.start();
    current = newWorker();
  }

  @AfterEach
  void tearDown() {
    current.shutdownNow();
    env.close();
  }

  @Test
  void appRollback_survivesADeadWorkerAtEveryStep_andRollsBackOnce() throws Exception {
    world.breakWithBadDeployment(PRIMARY, "gitee-notion-sync-task");
    RunbookProgress end =
        run(
            ProcedureCatalog.APP_ROLLBACK,
            new AppRollbackRequest(
                "sandbox", null, null, false, "CRASH-1", AppRollbackRequest.MANUAL, "test"));

    assertCompletedOnce(end);
    assertThat(changes())
        .filteredOn(m -> m.startsWith("ecs update"))
        .singleElement()
        .asString()
        .contains("gitee-notion-sync-task:41");
  }

  @Test
  void dataRestore_survivesADeadWorkerAtEveryStep_andRestoresOnce() throws Exception {
    world.databaseOutage();
    RunbookProgress end =
        run(
            ProcedureCatalog.DATA_RESTORE,
            new DataRestoreRequest(
                "sandbox", false, "CRASH-2", "test", null, "sync stalled", null, null));

    assertCompletedOnce(end);
    assertThat(changes()).filteredOn(m -> m.startsWith("rds restore")).hasSize(1);
    assertThat(changes()).filteredOn(m -> m.startsWith("ecs force-new-deployment")).hasSize(1);
  }

  @Test
  void regionFailover_survivesADeadWorkerAtEveryStep_andSwitchesOnce() throws Exception {
    world.regionOutage(PRIMARY.region());
    RunbookProgress end =
        run(
            ProcedureCatalog.REGION_FAILOVER,
            new RegionFailoverRequest("sandbox", false, "CRASH-3", "test", null, "outage"));

    assertCompletedOnce(end);
    assertThat(changes()).filteredOn(m -> m.startsWith("route53 change")).hasSize(1);
    assertThat(changes()).filteredOn(m -> m.startsWith("rds promote")).hasSize(1);
    assertThat(changes())
        .filteredOn(m -> m.startsWith("ecs") && m.contains("sandbox-standby"))
        .hasSize(1);
    // The validation's canary: its comment posted before the crash is found, not posted again.
    assertThat(changes()).filteredOn(m -> m.startsWith("gitee comment")).hasSize(1);
  }

  /**
   * A whole app-failure drill (the incident's assessment and decision, the rollback, validation and
   * the reset, each a workflow of its own) through a dead worker at every kind of call.
   */
  @Test
  void drill_survivesADeadWorkerAtEveryStep_andRollsBackOnce() throws Exception {
    RunbookProgress end =
        run(
            ProcedureCatalog.DRILL,
            new DrillRequest(
                "sandbox", "app-failure", null, List.of("demo-commander"), "test", null, false));

    assertCompletedOnce(end);
    assertThat(end.outcome()).startsWith("PASS app-failure");
    assertThat(changes())
        .filteredOn(m -> m.startsWith("ecs update"))
        .singleElement()
        .asString()
        .contains("gitee-notion-sync-task:41");
  }

  private void assertCompletedOnce(RunbookProgress end) {
    assertThat(end.status()).as(end.outcome()).isEqualTo(RunStatus.COMPLETED);
    assertThat(crashes.get()).as("workers killed").isPositive();
    // Every step that ran did so through crashes: none is left failed or waiting for a person.
    assertThat(end.steps())
        .allSatisfy(
            s ->
                assertThat(s.status())
                    .as(s.id())
                    .isIn(StepStatus.DONE, StepStatus.SKIPPED, StepStatus.PENDING));
    assertThat(changes()).as("each change once").isNotEmpty().doesNotHaveDuplicates();
    System.out.println(
        end.procedure() + ": " + crashes.get() + " workers killed; changes " + changes());
  }

  /** Starts the run and approves each gate as it opens, through the worker's deaths. */
  private RunbookProgress run(Procedure procedure, RunbookRequest request) throws Exception {
    // A recovery holds the service's lock id; a drill has an id of its own (its recovery takes
    // the lock).
    String id = procedure.workflowId(request, PRIMARY, "crash");
    WorkflowStub stub =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(
                procedure.workflowType(),
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    stub.start(request);
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      RunbookProgress p;
      try {
        p = stub.query("progress", RunbookProgress.class);
      } catch (RuntimeException betweenWorkers) {
        Thread.sleep(100);
        continue;
      }
      if (p.status().finished()) {
        return p;
      }
      for (StepView s : p.steps()) {
        if (s.kind() == StepKind.GATE && s.status() == StepStatus.WAITING_FOR_APPROVAL) {
          stub.update(
              "approve",
              Object.class,
              new ApprovalRequest(
                  s.id(), "demo-commander", ApprovalRequest.Decision.APPROVE, "go"));
        }
      }
      Thread.sleep(100);
    }
    RunbookProgress last = stub.query("progress", RunbookProgress.class);
    throw new AssertionError(
        "the run did not end: "
            + last.status()
            + " "
            + last.steps().stream()
                .map(s -> s.id() + "=" + s.status() + (s.failures().isEmpty() ? "" : s.failures()))
                .toList());
  }

  /** A worker with nothing in memory: every run it touches is replayed from its history. */
  private WorkerFactory newWorker() {
    WorkerFactory factory =
        WorkerFactory.newInstance(
            env.getWorkflowClient(),
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new DiesAfterTheEffect())
                .build());
    Worker worker =
        factory.newWorker(
            QUEUE,
            // No sticky queue: the test server would keep a dead worker's tasks on it.
            WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
    ProcedureCatalog.WORKFLOW_IMPLEMENTATIONS.forEach(worker::registerWorkflowImplementationTypes);
    worker.registerActivitiesImplementations(
        SandboxRunbookActivities.over(
            world,
            new ProfileLoader(Path.of("..", "runbooks"), name -> null),
            reports,
            new AtomicInteger()));
    worker.registerActivitiesImplementations(
        new SandboxActivitiesImpl(world), new DrillActivitiesImpl(env.getWorkflowClient()));
    factory.start();
    return factory;
  }

  /**
   * The first attempt of each kind of call takes effect, then its worker dies: the result is lost
   * (the attempt fails, as a timeout would end it), the worker stops polling, and a new one starts.
   */
  private final class DiesAfterTheEffect extends WorkerInterceptorBase {
    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
      return new ActivityInboundCallsInterceptorBase(next) {
        private ActivityExecutionContext context;

        @Override
        public void init(ActivityExecutionContext context) {
          this.context = context;
          super.init(context);
        }

        @Override
        public ActivityOutput execute(ActivityInput input) {
          ActivityOutput output = super.execute(input);
          String type = context.getInfo().getActivityType();
          if (context.getInfo().getAttempt() == 1 && crashedOnce.add(type)) {
            crashes.incrementAndGet();
            WorkerFactory dying = current;
            new Thread(
                    () -> {
                      sleepQuietly(50);
                      dying.shutdownNow();
                      current = newWorker();
                    },
                    "worker-replacement")
                .start();
            throw new IllegalStateException("worker died after " + type + " took effect");
          }
          return output;
        }
      };
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
