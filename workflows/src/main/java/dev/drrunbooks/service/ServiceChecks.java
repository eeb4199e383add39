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

  /** The credentials in use may not make this call; retrying will not help. */
  String ACCESS_DENIED = "AccessDenied";

  @ActivityMethod(name = "ReadErrorLogs")
  LogSummary recentErrors(LogQuery query);

  @ActivityMethod(name = "DescribeService")
  ServiceState describeService(ServiceRef service);

  @ActivityMethod(name = "FindStableRevision")
  StableRevision findStableRevision(RevisionQuery query);

  @ActivityMethod(name = "CheckHealth")
  HealthReport checkHealth(HealthQuery query);
}
