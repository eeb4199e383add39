package dev.drrunbooks.activities.capability;

import java.nio.file.Path;
import java.util.List;

/**
 * Objects in versioned buckets (S3): what backups and restores read and write. Implementations
 * throw {@code ApplicationFailure}s with the types of {@code BackupStore} for the errors they know.
 */
public interface ObjectStore {

  /** An object's bytes and the version read. */
  record Blob(byte[] bytes, String versionId) {}

  /** ListObjectsV2 with a delimiter: keys directly under the prefix, and the common prefixes. */
  record Listing(List<String> keys, List<String> prefixes) {}

  /** GetObject; null when there is no such key. */
  Blob get(String bucket, String key);

  /** GetObject of one version. */
  Blob get(String bucket, String key, String versionId);

  /** GetObject streamed into a file (a database export); false when there is no such key. */
  boolean download(String bucket, String key, Path to);

  /** PutObject; returns the new version id (null in an unversioned bucket). */
  String put(String bucket, String key, byte[] bytes, String contentType);

  /** PutObject from a file, streamed. */
  String put(String bucket, String key, Path file, String contentType);

  /** CopyObject within the store; returns the new version id. */
  String copy(String bucket, String key, String toBucket, String toKey);

  /** CopyObject of an old version onto the same key: that version becomes current again. */
  String restoreVersion(String bucket, String key, String versionId);

  /** The current version id, or null when the key does not exist. */
  String currentVersion(String bucket, String key);

  Listing list(String bucket, String prefix, String delimiter);

  /** GetBucketVersioning: {@code Enabled}, {@code Suspended}, or null when never enabled. */
  String versioning(String bucket);

  /** DeleteObject (a delete marker in a versioned bucket). */
  void delete(String bucket, String key);

  /**
   * Deletes every version and delete marker of every key under {@code prefix} (ListObjectVersions,
   * then DeleteObjects by version id): in a versioned bucket, a plain delete only hides an object
   * behind a marker, and its bytes (a copy of the env file with the database password, a pruned
   * backup set) stay. Returns how many versions and markers were deleted.
   */
  int purge(String bucket, String prefix);
}
