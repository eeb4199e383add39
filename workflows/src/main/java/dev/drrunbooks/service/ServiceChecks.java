package dev.drrunbooks.service;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Read-only look at an ECS service: safe in a dry run and safe to retry. */
@ActivityInterface
public interface ServiceChecks {

  /** The service, cluster or task family does not exist. */
  String SERVICE_NOT_FOUND = "ServiceNotFound";

  /** No revision qualifies as "last known stable". */
  String NO_STABLE_REVISION = "NoStableRevision";

  /** The requested revision does not exist or cannot be deployed. */
  String UNKNOWN_REVISION = "UnknownRevision";

  /**
   * The requested revision exists but the checks refuse it (known-bad, a roll forward, another
   * family); a request with {@code force} and a reason may override.
   */
  String REVISION_REFUSED = "RevisionRefused";

  /** The credentials in use may not make this call; retrying will not help. */
  String ACCESS_DENIED = "AccessDenied";

  /** The log group to search does not exist (CloudWatch Logs ResourceNotFoundException). */
  String LOG_GROUP_NOT_FOUND = "LogGroupNotFound";

  /** The load balancer's target group does not exist (ELBv2 TargetGroupNotFoundException). */
  String TARGET_GROUP_NOT_FOUND = "TargetGroupNotFound";

  /** AWS refused the request as sent (another 4xx); resending the same request will not help. */
  String REJECTED_BY_AWS = "AwsRejected";

  @ActivityMethod(name = "ReadErrorLogs")
  LogSummary recentErrors(LogQuery query);

  @ActivityMethod(name = "DescribeService")
  ServiceState describeService(ServiceRef service);

  @ActivityMethod(name = "FindStableRevision")
  StableRevision findStableRevision(RevisionQuery query);

  @ActivityMethod(name = "CheckHealth")
  HealthReport checkHealth(HealthQuery query);
}
