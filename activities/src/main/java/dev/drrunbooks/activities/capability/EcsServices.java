package dev.drrunbooks.activities.capability;

import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import java.util.List;
import java.util.Map;

/**
 * The ECS service capability: read the service and its task definitions, roll it to a revision or
 * count, tag a revision. Implementations throw {@code ApplicationFailure}s with the types of {@code
 * ServiceChecks} for the errors they know.
 */
public interface EcsServices {

  /** ECS DescribeServices for one service. */
  ServiceState describeService(ServiceRef ref);

  /** ACTIVE revisions of exactly this task family, newest first (ECS ListTaskDefinitions). */
  List<Integer> activeRevisions(ServiceRef ref, String family);

  /** ECS DescribeTaskDefinition with tags; {@code UnknownRevision} when it does not exist. */
  TaskDefinitionInfo taskDefinition(ServiceRef ref, String family, int revision);

  /**
   * ECS UpdateService; null arguments are left as they are. A {@code maximumPercent} sets the
   * deployment configuration to that maximum with a minimum healthy percent of 100.
   */
  void updateService(
      ServiceRef ref, String taskDefinition, Integer desiredCount, Integer maximumPercent);

  /**
   * ECS UpdateService with {@code desiredCount} and {@code forceNewDeployment}: the plan's way of
   * starting the service in the standby region (5.2.3).
   */
  void forceNewDeployment(ServiceRef ref, int desiredCount);

  /** ECS TagResource on a task definition. */
  void tagTaskDefinition(ServiceRef ref, String taskDefinitionArn, Map<String, String> tags);

  /** ECS UntagResource on a task definition. */
  void untagTaskDefinition(ServiceRef ref, String taskDefinitionArn, List<String> keys);

  /**
   * ECS DescribeTaskDefinition as JSON (what a backup keeps), and the S3 env files its containers
   * read ({@code environmentFiles}, as {@code s3://bucket/key}).
   */
  TaskDefinitionDocument taskDefinitionDocument(ServiceRef ref, String taskDefinitionArn);

  /** A task definition as a document, with the env files it names. */
  record TaskDefinitionDocument(String arn, String json, List<String> environmentFiles) {}

  /** A task definition revision as ECS describes it, with its containers' images. */
  record TaskDefinitionInfo(
      String arn, int revision, String status, Map<String, String> tags, List<String> images) {

    public String imageLine() {
      return images == null || images.isEmpty() ? "no image" : String.join(", ", images);
    }
  }
}
