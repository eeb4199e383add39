package dev.drrunbooks.doctor;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** See {@link DoctorWorkflow}: one activity, no retries, on the worker that took the run. */
public class DoctorWorkflowImpl implements DoctorWorkflow {

  private final DoctorActivities activities =
      Workflow.newActivityStub(
          DoctorActivities.class,
          ActivityOptions.newBuilder()
              // Credential resolution may reach the instance metadata service: seconds, not more.
              .setStartToCloseTimeout(Duration.ofSeconds(20))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .setSummary("inspect this worker")
              .build());

  @Override
  public WorkerReport run(DoctorRequest request) {
    return activities.inspect(request == null ? DoctorRequest.ALL : request);
  }
}
