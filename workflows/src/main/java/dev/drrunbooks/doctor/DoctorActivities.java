package dev.drrunbooks.doctor;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The worker's own read-only checks: the profiles load, and the AWS credentials of the regions the
 * AWS profiles name resolve (a sandbox profile needs none).
 */
@ActivityInterface
public interface DoctorActivities {

  @ActivityMethod(name = "InspectWorker")
  WorkerReport inspect(DoctorRequest request);
}
