package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.drill.DrillActivitiesImpl;
import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.testing.Fixtures;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Whole procedures against one simulated world on a real (scaled-down) clock: a test server, a
 * worker with every workflow procedure and every sandbox activity, deployments of 1.5 s.
 */
record SandboxRuns(
    TestWorkflowEnvironment env,
    SandboxWorld sandbox,
    WorkflowClient client,
    java.util.concurrent.atomic.AtomicInteger awsAsked) {

  static final String QUEUE = "sandbox-runs";

  /** The sandbox profile's service in its primary region. */
  static final dev.drrunbooks.service.ServiceRef PRIMARY =
      new dev.drrunbooks.service.ServiceRef(
          dev.drrunbooks.profile.ServiceProfile.Target.SANDBOX,
          "sandbox-primary",
          "gitee-notion-sync-cluster",
          "gitee-notion-sync-service");

  static SandboxRuns start(Path reports) {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Fixtures.registerSearchAttributes(env);
    SandboxWorld sandbox = new SandboxWorld(Clock.systemUTC(), Duration.ofMillis(1500));
    Worker worker = env.newWorker(QUEUE);
    dev.drrunbooks.procedures.ProcedureCatalog.WORKFLOW_IMPLEMENTATIONS.forEach(
        worker::registerWorkflowImplementationTypes);
    java.util.concurrent.atomic.AtomicInteger awsAsked =
        new java.util.concurrent.atomic.AtomicInteger();
    worker.registerActivitiesImplementations(
        SandboxRunbookActivities.over(
            sandbox,
            new ProfileLoader(Path.of("..", "runbooks"), name -> null),
            reports,
            awsAsked));
    worker.registerActivitiesImplementations(
        new SandboxActivitiesImpl(sandbox), new DrillActivitiesImpl(env.getWorkflowClient()));
    env.start();
    return new SandboxRuns(env, sandbox, env.getWorkflowClient(), awsAsked);
  }
}
