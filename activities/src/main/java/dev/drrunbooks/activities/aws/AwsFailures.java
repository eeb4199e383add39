package dev.drrunbooks.activities.aws;

import dev.drrunbooks.service.ServiceChecks;
import io.temporal.failure.ApplicationFailure;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What every AWS adapter does with an error its own service did not explain: throttling and 5xx
 * stay retryable for Temporal's policy (the SDK has already retried them), refused credentials and
 * any other 4xx are not. Each adapter maps its own service's typed exceptions (a missing ECS
 * service, a missing log group) before falling back to this, so one service's "not found" never
 * means another's.
 */
final class AwsFailures {

  /**
   * Authentication and authorization refusals. The SDK has no common type for them; they are the
   * error codes AWS documents as common to all services.
   */
  private static final Set<String> ACCESS_CODES =
      Set.of(
          "AccessDeniedException",
          "AccessDenied",
          "UnauthorizedOperation",
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "ExpiredTokenException",
          "ExpiredToken",
          "SignatureDoesNotMatch");

  /** Runs one SDK call; an error becomes a failure through {@code mapper}. */
  static <T> T call(String name, Supplier<T> call, Mapper mapper) {
    try {
      return call.get();
    } catch (SdkException e) {
      ApplicationFailure specific = mapper.map(name, e);
      throw specific != null ? specific : common(name, e);
    }
  }

  /** A service's own mapping; null means "not one of mine". */
  @FunctionalInterface
  interface Mapper {
    ApplicationFailure map(String call, SdkException e);

    Mapper NONE = (call, e) -> null;
  }

  static ApplicationFailure common(String call, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      String message = message(call, service);
      if (service.isThrottlingException()) {
        return ApplicationFailure.newFailure(message, "AwsThrottled");
      }
      if (service.statusCode() == 403 || (code != null && ACCESS_CODES.contains(code))) {
        return ApplicationFailure.newNonRetryableFailure(message, ServiceChecks.ACCESS_DENIED);
      }
      if (service.statusCode() >= 500) {
        return ApplicationFailure.newFailure(message, "AwsUnavailable");
      }
      // Any other 4xx is AWS refusing this request as sent: resending it will not help.
      return ApplicationFailure.newNonRetryableFailure(message, ServiceChecks.REJECTED_BY_AWS);
    }
    return ApplicationFailure.newFailure(call + ": " + e.getMessage(), "AwsUnreachable");
  }

  static ApplicationFailure nonRetryable(String call, AwsServiceException e, String type) {
    return ApplicationFailure.newNonRetryableFailure(message(call, e), type);
  }

  /**
   * {@code <service> <operation>: HTTP <status> <code>: <message>}, leaving out what AWS did not
   * say: a 5xx with an empty body has no error code or message, and used to read "null: null".
   */
  static String message(String call, AwsServiceException e) {
    var details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    String text = details == null ? null : details.errorMessage();
    StringBuilder out = new StringBuilder(call).append(": HTTP ").append(e.statusCode());
    if (code != null && !code.isBlank()) {
      out.append(' ').append(code);
    }
    if (text != null && !text.isBlank()) {
      out.append(": ").append(text);
    } else if (code == null || code.isBlank()) {
      out.append(" with no error code or message from AWS");
    }
    return out.toString();
  }

  private AwsFailures() {}
}
