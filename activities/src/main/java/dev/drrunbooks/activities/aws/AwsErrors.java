package dev.drrunbooks.activities.aws;

import dev.drrunbooks.service.ServiceChecks;
import io.temporal.failure.ApplicationFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into failures the workflow can act on: what retrying cannot fix is
 * non-retryable with a type the runbook knows; the rest stays retryable for Temporal's policy.
 */
final class AwsErrors {

  static ApplicationFailure map(String call, SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      String message = call + ": " + code + ": " + service.awsErrorDetails().errorMessage();
      if (code == null) {
        return ApplicationFailure.newFailure(call + ": HTTP " + service.statusCode(), "AwsError");
      }
      switch (code) {
        case "ServiceNotFoundException",
            "ServiceNotActiveException",
            "ClusterNotFoundException",
            "ResourceNotFoundException",
            "TargetGroupNotFound",
            "TargetGroupNotFoundException" -> {
          return ApplicationFailure.newNonRetryableFailure(
              message, ServiceChecks.SERVICE_NOT_FOUND);
        }
        case "AccessDeniedException",
            "AccessDenied",
            "UnauthorizedOperation",
            "UnrecognizedClientException",
            "InvalidClientTokenId",
            "ExpiredTokenException" -> {
          return ApplicationFailure.newNonRetryableFailure(message, ServiceChecks.ACCESS_DENIED);
        }
        case "ThrottlingException", "Throttling", "TooManyRequestsException" -> {
          return ApplicationFailure.newFailure(message, "AwsThrottled");
        }
        default -> {
          if (service.statusCode() >= 500) {
            return ApplicationFailure.newFailure(message, "AwsUnavailable");
          }
          // Any other 4xx is AWS refusing this request as sent: resending it will not help.
          return ApplicationFailure.newNonRetryableFailure(message, "AwsRejected");
        }
      }
    }
    return ApplicationFailure.newFailure(call + ": " + e.getMessage(), "AwsUnreachable");
  }

  private AwsErrors() {}
}
