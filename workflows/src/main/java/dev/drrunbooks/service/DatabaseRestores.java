package dev.drrunbooks.service;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Changes that bring a lost database back. Kept apart from {@link DatabaseChecks}, so a dry run is
 * proven never to schedule them; each behind the run's gate.
 */
@ActivityInterface
public interface DatabaseRestores {

  /** RDS refused the restore (no automated backups, time outside the window, quota). */
  String RESTORE_REFUSED = "RestoreRefused";

  @ActivityMethod(name = "RestoreDatabaseToPointInTime")
  InstanceState restoreToPointInTime(PointInTimeRestoreCommand command);

  /** When the instance is gone: its newest snapshot into a new instance. */
  @ActivityMethod(name = "RestoreDatabaseFromSnapshot")
  InstanceState restoreFromSnapshot(SnapshotRestoreCommand command);

  @ActivityMethod(name = "PointServiceAtDatabase")
  RestoredFile pointServiceAt(PointServiceCommand command);
}
