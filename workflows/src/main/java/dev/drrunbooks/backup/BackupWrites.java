package dev.drrunbooks.backup;

import dev.drrunbooks.service.RestoredFile;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Writes to the backup bucket and to the service's files. Kept apart from {@link BackupStore}, so a
 * dry run is proven never to schedule them. Each is idempotent.
 */
@ActivityInterface
public interface BackupWrites {

  /** Copies the sources (and exports the tables for a full set), then writes the manifest last. */
  @ActivityMethod(name = "TakeBackupSet")
  BackupManifest takeSet(TakeBackupCommand command);

  /** Copies the set's objects and manifest to {@code latest/}; returns the keys written. */
  @ActivityMethod(name = "PointLatestAt")
  List<String> pointLatest(SetQuery set);

  @ActivityMethod(name = "PruneBackupSets")
  PruneResult prune(PruneCommand command);

  /** Restores a set's objects to where the service reads them; see the command. */
  @ActivityMethod(name = "RestoreServiceFiles")
  List<RestoredFile> restoreFiles(RestoreFilesCommand command);

  /** The undo of a restore: each changed file back to the version it had. */
  @ActivityMethod(name = "RevertServiceFiles")
  List<String> revertFiles(RevertFilesCommand command);
}
