package dev.drrunbooks.activities.aws;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes report objects to S3 (PutObject, encrypted at rest with the bucket's S3-managed key). A
 * put of the same key replaces it, so writing a report again is harmless.
 */
public final class AwsReportStore {

  private final S3Client s3;

  public AwsReportStore(S3Client s3) {
    this.s3 = s3;
  }

  /** Returns the object's {@code s3://} URI. */
  public String put(String bucket, String key, String body, String contentType) {
    AwsFailures.call(
        "PutObject s3://" + bucket + "/" + key,
        () ->
            s3.putObject(
                PutObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .contentType(contentType)
                    .serverSideEncryption(ServerSideEncryption.AES256)
                    .build(),
                RequestBody.fromString(body, StandardCharsets.UTF_8)),
        AwsFailures.Mapper.NONE);
    return "s3://" + bucket + "/" + key;
  }
}
