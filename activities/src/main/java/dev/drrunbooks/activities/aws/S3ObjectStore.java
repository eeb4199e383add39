package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.capability.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Backup objects in S3 through the SDK. Objects are written encrypted at rest (SSE-S3). Checksums
 * are ours (computed over the bytes), since S3-compatible stores may not return one.
 */
public final class S3ObjectStore implements ObjectStore {

  private final S3Client s3;

  public S3ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public Blob get(String bucket, String key) {
    return get(bucket, key, null);
  }

  @Override
  public Blob get(String bucket, String key, String versionId) {
    try {
      ResponseBytes<GetObjectResponse> bytes =
          s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).versionId(versionId));
      return new Blob(bytes.asByteArray(), bytes.response().versionId());
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw AwsFailures.common("S3 GetObject s3://" + bucket + "/" + key, e);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw AwsFailures.common("S3 GetObject s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public boolean download(String bucket, String key, Path to) {
    try {
      java.nio.file.Files.deleteIfExists(to);
      s3.getObject(r -> r.bucket(bucket).key(key), to);
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw AwsFailures.common("S3 GetObject s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public String put(String bucket, String key, byte[] bytes, String contentType) {
    return put(bucket, key, RequestBody.fromBytes(bytes), contentType);
  }

  @Override
  public String put(String bucket, String key, Path file, String contentType) {
    return put(bucket, key, RequestBody.fromFile(file), contentType);
  }

  private String put(String bucket, String key, RequestBody body, String contentType) {
    return AwsFailures.call(
            "S3 PutObject s3://" + bucket + "/" + key,
            () ->
                s3.putObject(
                    r ->
                        r.bucket(bucket)
                            .key(key)
                            .contentType(contentType)
                            .serverSideEncryption(ServerSideEncryption.AES256)
                            .overrideConfiguration(AwsClients::asWrite),
                    body),
            AwsFailures.Mapper.NONE)
        .versionId();
  }

  @Override
  public String copy(String bucket, String key, String toBucket, String toKey) {
    return copy(bucket, key, null, toBucket, toKey);
  }

  @Override
  public String restoreVersion(String bucket, String key, String versionId) {
    return copy(bucket, key, versionId, bucket, key);
  }

  private String copy(String bucket, String key, String versionId, String toBucket, String toKey) {
    return AwsFailures.call(
            "S3 CopyObject s3://"
                + bucket
                + "/"
                + key
                + (versionId == null ? "" : "?versionId=" + versionId),
            () ->
                s3.copyObject(
                    r ->
                        r.sourceBucket(bucket)
                            .sourceKey(key)
                            .sourceVersionId(versionId)
                            .destinationBucket(toBucket)
                            .destinationKey(toKey)
                            .serverSideEncryption(ServerSideEncryption.AES256)
                            .overrideConfiguration(AwsClients::asWrite)),
            AwsFailures.Mapper.NONE)
        .versionId();
  }

  @Override
  public String currentVersion(String bucket, String key) {
    try {
      return s3.headObject(r -> r.bucket(bucket).key(key)).versionId();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw AwsFailures.common("S3 HeadObject s3://" + bucket + "/" + key, e);
    }
  }

  @Override
  public Listing list(String bucket, String prefix, String delimiter) {
    List<String> keys = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListObjectsV2Response page =
          AwsFailures.call(
              "S3 ListObjectsV2 s3://" + bucket + "/" + prefix,
              () ->
                  s3.listObjectsV2(
                      r ->
                          r.bucket(bucket)
                              .prefix(prefix)
                              .delimiter(delimiter)
                              .continuationToken(next)),
              AwsFailures.Mapper.NONE);
      page.contents().forEach(o -> keys.add(o.key()));
      page.commonPrefixes().forEach(p -> prefixes.add(p.prefix()));
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    return new Listing(keys, prefixes);
  }

  @Override
  public String versioning(String bucket) {
    return AwsFailures.call(
            "S3 GetBucketVersioning " + bucket,
            () -> s3.getBucketVersioning(r -> r.bucket(bucket)),
            AwsFailures.Mapper.NONE)
        .statusAsString();
  }

  /** Some versions under a prefix could not be deleted (object lock, a denied permission). */
  static final String PURGE_INCOMPLETE = "PurgeIncomplete";

  @Override
  public int purge(String bucket, String prefix) {
    int deleted = 0;
    String keyMarker = null;
    String versionMarker = null;
    do {
      String key = keyMarker;
      String version = versionMarker;
      var page =
          AwsFailures.call(
              "S3 ListObjectVersions s3://" + bucket + "/" + prefix,
              () ->
                  s3.listObjectVersions(
                      r -> r.bucket(bucket).prefix(prefix).keyMarker(key).versionIdMarker(version)),
              AwsFailures.Mapper.NONE);
      List<software.amazon.awssdk.services.s3.model.ObjectIdentifier> ids = new ArrayList<>();
      page.versions().forEach(v -> ids.add(objectId(v.key(), v.versionId())));
      page.deleteMarkers().forEach(m -> ids.add(objectId(m.key(), m.versionId())));
      if (!ids.isEmpty()) {
        var answer =
            AwsFailures.call(
                "S3 DeleteObjects s3://" + bucket + "/" + prefix,
                () ->
                    s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true))),
                AwsFailures.Mapper.NONE);
        if (!answer.errors().isEmpty()) {
          var first = answer.errors().get(0);
          // Retryable: a next attempt lists again and deletes what is left.
          throw io.temporal.failure.ApplicationFailure.newFailure(
              "S3 DeleteObjects s3://"
                  + bucket
                  + "/"
                  + prefix
                  + ": "
                  + answer.errors().size()
                  + " version(s) not deleted, first "
                  + first.key()
                  + " "
                  + first.versionId()
                  + ": "
                  + first.code()
                  + " "
                  + first.message(),
              PURGE_INCOMPLETE);
        }
        deleted += ids.size();
      }
      boolean more = Boolean.TRUE.equals(page.isTruncated());
      keyMarker = more ? page.nextKeyMarker() : null;
      versionMarker = more ? page.nextVersionIdMarker() : null;
    } while (keyMarker != null);
    return deleted;
  }

  private static software.amazon.awssdk.services.s3.model.ObjectIdentifier objectId(
      String key, String versionId) {
    return software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder()
        .key(key)
        .versionId(versionId)
        .build();
  }

  @Override
  public void delete(String bucket, String key) {
    AwsFailures.call(
        "S3 DeleteObject s3://" + bucket + "/" + key,
        () -> s3.deleteObject(r -> r.bucket(bucket).key(key)),
        AwsFailures.Mapper.NONE);
  }
}
