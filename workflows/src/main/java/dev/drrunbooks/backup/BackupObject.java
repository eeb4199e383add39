package dev.drrunbooks.backup;

/**
 * One object of a backup set, as its manifest records it. The checksum is computed by dr-runbooks
 * while copying (S3-compatible stores may not return one), over the exact bytes stored.
 *
 * @param name what it is: {@code config}, {@code env}, {@code task-definition}
 * @param key the object's key in the backup bucket; for an incremental set an unchanged object
 *     keeps the key of the set that stored it
 * @param source where it was copied from ({@code s3://...} or the task definition's ARN)
 * @param sourceVersion the source's version id (S3) or revision, when it has one
 * @param storedIn the set that holds the bytes: this set, or an earlier one for an unchanged object
 */
public record BackupObject(
    String name,
    String key,
    long size,
    String sha256,
    String source,
    String sourceVersion,
    String storedIn) {}
