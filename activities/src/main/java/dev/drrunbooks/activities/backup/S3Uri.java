package dev.drrunbooks.activities.backup;

import io.temporal.failure.ApplicationFailure;

/** {@code s3://bucket/key}, split. */
record S3Uri(String bucket, String key) {

  static S3Uri parse(String uri) {
    if (uri == null || !uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "not an s3://bucket/key URI: " + uri, dev.drrunbooks.runbook.FailureTypes.INVALID_INPUT);
    }
    int slash = uri.indexOf('/', 5);
    return new S3Uri(uri.substring(5, slash), uri.substring(slash + 1));
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
