package dev.drrunbooks.backup;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Reading the backup bucket: sets, manifests, checksums. Writes nothing. */
@ActivityInterface
public interface BackupStore {

  /** No set with that id (or no manifest in it). */
  String SET_NOT_FOUND = "BackupSetNotFound";

  /** The manifest is there but is not a manifest this version reads. */
  String MANIFEST_UNREADABLE = "ManifestUnreadable";

  /** The bucket does not keep versions: a restore could not be undone, a set not kept. */
  String VERSIONING_OFF = "BucketVersioningOff";

  /** The service reads no env file from S3 (no {@code environmentFiles} in its task definition). */
  String NO_ENV_FILE = "NoEnvFile";

  /** This port's failures no retry can change: pass them to {@code RunbookOptions.summarised}. */
  String[] PERMANENT = {SET_NOT_FOUND, MANIFEST_UNREADABLE, VERSIONING_OFF, NO_ENV_FILE};

  /** The sets in the bucket, newest first. */
  @ActivityMethod(name = "ListBackupSets")
  List<BackupSetSummary> listSets(BackupLocation location);

  /**
   * Reads the manifest and every object it names, hashing each: {@link #SET_NOT_FOUND} or {@link
   * #MANIFEST_UNREADABLE} when there is nothing to check, otherwise the problems found.
   */
  @ActivityMethod(name = "VerifyBackupSet")
  SetCheck verifySet(SetQuery query);

  /** Fails with {@link #VERSIONING_OFF} unless the bucket's versioning is Enabled. */
  @ActivityMethod(name = "CheckBackupBucket")
  String checkBucket(BackupLocation location);

  /**
   * Where the service reads its files: the env file(s) its current task definition names in {@code
   * environmentFiles}, with the profile's config object. {@link #NO_ENV_FILE} when none.
   */
  @ActivityMethod(name = "FindServiceFiles")
  ServiceFiles serviceFiles(ServiceFilesQuery query);

  /** What differs between the service's files now and the set's manifest; empty when equal. */
  @ActivityMethod(name = "CompareServiceFiles")
  List<String> compareLive(LiveCompare compare);
}
