package dev.drrunbooks.doctor;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The worker's own read-only checks: every profile loads, AWS credentials resolve. */
@ActivityInterface
public interface DoctorActivities {

  @ActivityMethod(name = "InspectWorker")
  WorkerReport inspect();
}
