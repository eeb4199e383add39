package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.runbook.Runbook;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The step a workflow is in travels to its activities through Temporal's headers, so an activity's
 * log lines name the step; outside a step, nothing travels and nothing stale is left behind.
 */
class StepLogContextTest {

  @ActivityInterface
  public interface Probe {
    String stepInLogContext();
  }

  @WorkflowInterface
  public interface Walk {
    @WorkflowMethod
    List<String> walk();
  }

  public static class WalkImpl implements Walk {
    private final Probe probe =
        Workflow.newActivityStub(
            Probe.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(5)).build());

    @Override
    public List<String> walk() {
      MDC.put(Runbook.LOG_STEP, "read-error-logs");
      String inStep = probe.stepInLogContext();
      MDC.remove(Runbook.LOG_STEP);
      String outside = probe.stepInLogContext();
      return List.of(inStep, outside);
    }
  }

  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setContextPropagators(List.of(new StepLogContext()))
                        .build())
                .build());
    Worker worker = env.newWorker("q");
    worker.registerWorkflowImplementationTypes(WalkImpl.class);
    worker.registerActivitiesImplementations(
        (Probe) () -> String.valueOf(MDC.get(Runbook.LOG_STEP)));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void activityLogLinesNameTheStepTheWorkflowIsIn() {
    Walk walk =
        env.getWorkflowClient()
            .newWorkflowStub(Walk.class, WorkflowOptions.newBuilder().setTaskQueue("q").build());
    assertThat(walk.walk()).containsExactly("read-error-logs", "null");
  }
}
