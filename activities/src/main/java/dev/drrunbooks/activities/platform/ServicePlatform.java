package dev.drrunbooks.activities.platform;

import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The primitive calls the runbooks make against where a service runs: real AWS or the sandbox. The
 * logic built on them (choosing a revision, idempotent updates, judging health) is written once, in
 * the activity implementations. Implementations throw {@code ApplicationFailure}s with the types of
 * {@code ServiceChecks} for errors a retry cannot fix.
 */
public interface ServicePlatform {

  /** ECS DescribeServices for one service. */
  ServiceState describeService(ServiceRef ref);

  /** ACTIVE revisions of exactly this task family, newest first (ECS ListTaskDefinitions). */
  List<Integer> activeRevisions(ServiceRef ref, String family);

  /** ECS DescribeTaskDefinition with tags. */
  TaskDefinitionInfo taskDefinition(ServiceRef ref, String family, int revision);

  /** ECS UpdateService; null arguments are left as they are. */
  void updateService(ServiceRef ref, String taskDefinition, Integer desiredCount);

  /** ECS TagResource on a task definition. */
  void tagTaskDefinition(ServiceRef ref, String taskDefinitionArn, String key, String value);

  /** CloudWatch Logs FilterLogEvents over the last {@code lookbackMinutes}, grouped by message. */
  LogSummary recentErrors(LogQuery query);

  /** ELBv2 DescribeTargetHealth: target id to state ({@code healthy}, {@code unhealthy}, ...). */
  Map<String, String> targetHealth(ServiceRef ref, String targetGroupArn);

  /**
   * CloudWatch GetMetricData: 5xx responses as a percentage of requests over the window, or null
   * when there were no requests.
   */
  Double errorRatePercent(
      ServiceRef ref, String loadBalancerArnSuffix, String targetGroupArnSuffix, Duration window);

  /**
   * HTTP GET of the health URL: the status code; throws {@code IllegalStateException} when
   * unreachable.
   */
  int probe(ServiceRef ref, String url);

  /** A task definition revision as ECS describes it. */
  record TaskDefinitionInfo(String arn, int revision, String status, Map<String, String> tags) {}
}
