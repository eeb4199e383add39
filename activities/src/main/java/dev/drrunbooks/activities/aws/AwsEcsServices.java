package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.capability.EcsServices;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/** The ECS service capability on AWS, through the SDK v2 ECS client of one region. */
final class AwsEcsServices implements EcsServices {

  /** A missing cluster or service: the profile names something that is not there. */
  private static final AwsFailures.Mapper SERVICE_ERRORS =
      (call, e) ->
          e instanceof ServiceNotFoundException
                  || e instanceof ServiceNotActiveException
                  || e instanceof ClusterNotFoundException
              ? AwsFailures.nonRetryable(
                  call,
                  (software.amazon.awssdk.awscore.exception.AwsServiceException) e,
                  ServiceChecks.SERVICE_NOT_FOUND)
              : null;

  private final EcsClient ecs;

  public AwsEcsServices(EcsClient ecs) {
    this.ecs = ecs;
  }

  @Override
  public ServiceState describeService(ServiceRef ref) {
    DescribeServicesResponse response =
        AwsFailures.call(
            "ECS DescribeServices",
            () -> ecs.describeServices(r -> r.cluster(ref.cluster()).services(ref.service())),
            SERVICE_ERRORS);
    if (response.services().isEmpty()) {
      String reason =
          response.failures().isEmpty() ? "not returned" : response.failures().get(0).reason();
      throw ApplicationFailure.newNonRetryableFailure(
          "ECS service "
              + ref.service()
              + " in cluster "
              + ref.cluster()
              + " ("
              + ref.region()
              + "): "
              + reason,
          ServiceChecks.SERVICE_NOT_FOUND);
    }
    var s = response.services().get(0);
    if (!"ACTIVE".equals(s.status())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "ECS service " + ref.service() + " is " + s.status(), ServiceChecks.SERVICE_NOT_FOUND);
    }
    List<ServiceState.Deployment> deployments =
        s.deployments().stream()
            .map(
                d ->
                    new ServiceState.Deployment(
                        d.id(),
                        d.status(),
                        d.taskDefinition(),
                        revisionOf(d.taskDefinition()),
                        d.rolloutStateAsString(),
                        nz(d.desiredCount()),
                        nz(d.runningCount()),
                        nz(d.failedTasks())))
            .toList();
    return new ServiceState(
        s.status(),
        s.taskDefinition(),
        revisionOf(s.taskDefinition()),
        nz(s.desiredCount()),
        nz(s.runningCount()),
        nz(s.pendingCount()),
        deployments);
  }

  /** How many ACTIVE revisions of a family are read at most (every page up to that). */
  static final int MAX_REVISIONS = 2000;

  @Override
  public List<Integer> activeRevisions(ServiceRef ref, String family) {
    List<Integer> revisions = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      ListTaskDefinitionsResponse page =
          AwsFailures.call(
              "ECS ListTaskDefinitions",
              () ->
                  ecs.listTaskDefinitions(
                      r ->
                          r.familyPrefix(family)
                              .status(TaskDefinitionStatus.ACTIVE)
                              .sort(SortOrder.DESC)
                              .nextToken(token)),
              AwsFailures.Mapper.NONE);
      for (String arn : page.taskDefinitionArns()) {
        // familyPrefix also matches longer families (gitee-notion-sync-task-v2): keep exact ones.
        if (arn.contains("task-definition/" + family + ":")) {
          revisions.add(revisionOf(arn));
        }
      }
      next = page.nextToken();
    } while (next != null && revisions.size() < MAX_REVISIONS);
    // Newest first by our own reading: the server's sort is a request, and not every endpoint
    // (moto, for one) honours it.
    revisions.sort(java.util.Comparator.reverseOrder());
    return revisions;
  }

  @Override
  public TaskDefinitionDocument taskDefinitionDocument(ServiceRef ref, String taskDefinitionArn) {
    software.amazon.awssdk.services.ecs.model.TaskDefinition td =
        AwsFailures.call(
                "ECS DescribeTaskDefinition",
                () -> ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinitionArn)),
                AwsFailures.Mapper.NONE)
            .taskDefinition();
    List<String> envFiles = new ArrayList<>();
    for (software.amazon.awssdk.services.ecs.model.ContainerDefinition c :
        td.containerDefinitions()) {
      for (software.amazon.awssdk.services.ecs.model.EnvironmentFile f : c.environmentFiles()) {
        if (f.typeAsString() == null || "s3".equals(f.typeAsString())) {
          // arn:aws:s3:::bucket/key, the form ECS takes.
          envFiles.add("s3://" + f.value().substring(f.value().indexOf(":::") + 3));
        }
      }
    }
    try {
      String json =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(SdkJson.of(td));
      return new TaskDefinitionDocument(td.taskDefinitionArn(), json, envFiles);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("task definition not writable as JSON", e);
    }
  }

  @Override
  public TaskDefinitionInfo taskDefinition(ServiceRef ref, String family, int revision) {
    String name = family + ":" + revision;
    // ECS answers a task definition that does not exist with a plain ClientException; only here
    // does that mean "unknown revision".
    DescribeTaskDefinitionResponse response =
        AwsFailures.call(
            "ECS DescribeTaskDefinition",
            () ->
                ecs.describeTaskDefinition(
                    r -> r.taskDefinition(name).include(TaskDefinitionField.TAGS)),
            (call, e) -> unknownRevision(name, e));
    Map<String, String> tags = new LinkedHashMap<>();
    response.tags().forEach(t -> tags.put(t.key(), t.value()));
    var td = response.taskDefinition();
    List<String> images = td.containerDefinitions().stream().map(c -> c.image()).toList();
    return new TaskDefinitionInfo(
        td.taskDefinitionArn(), td.revision(), td.statusAsString(), tags, images);
  }

  @Override
  public void updateService(
      ServiceRef ref, String taskDefinition, Integer desiredCount, Integer maximumPercent) {
    AwsFailures.call(
        "ECS UpdateService",
        () ->
            ecs.updateService(
                r -> {
                  r.cluster(ref.cluster())
                      .service(ref.service())
                      .taskDefinition(taskDefinition)
                      .desiredCount(desiredCount)
                      .overrideConfiguration(AwsClients::asWrite);
                  if (maximumPercent != null) {
                    r.deploymentConfiguration(
                        c -> c.maximumPercent(maximumPercent).minimumHealthyPercent(100));
                  }
                }),
        SERVICE_ERRORS);
  }

  @Override
  public void forceNewDeployment(ServiceRef ref, int desiredCount) {
    AwsFailures.call(
        "ECS UpdateService",
        () ->
            ecs.updateService(
                r ->
                    r.cluster(ref.cluster())
                        .service(ref.service())
                        .desiredCount(desiredCount)
                        .forceNewDeployment(true)
                        .overrideConfiguration(AwsClients::asWrite)),
        SERVICE_ERRORS);
  }

  @Override
  public void tagTaskDefinition(
      ServiceRef ref, String taskDefinitionArn, Map<String, String> tags) {
    List<Tag> list =
        tags.entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
            .toList();
    AwsFailures.call(
        "ECS TagResource",
        () -> ecs.tagResource(r -> r.resourceArn(taskDefinitionArn).tags(list)),
        AwsFailures.Mapper.NONE);
  }

  @Override
  public void untagTaskDefinition(ServiceRef ref, String taskDefinitionArn, List<String> keys) {
    AwsFailures.call(
        "ECS UntagResource",
        () -> ecs.untagResource(r -> r.resourceArn(taskDefinitionArn).tagKeys(keys)),
        AwsFailures.Mapper.NONE);
  }

  private static ApplicationFailure unknownRevision(String name, SdkException e) {
    if (e instanceof ClientException client && client.statusCode() == 400) {
      return ApplicationFailure.newNonRetryableFailure(
          "task definition "
              + name
              + " does not exist ("
              + (client.awsErrorDetails() == null
                  ? "HTTP 400"
                  : client.awsErrorDetails().errorMessage())
              + ")",
          ServiceChecks.UNKNOWN_REVISION);
    }
    return null;
  }

  static int revisionOf(String taskDefinitionArn) {
    if (taskDefinitionArn == null) {
      return 0;
    }
    int colon = taskDefinitionArn.lastIndexOf(':');
    try {
      return Integer.parseInt(taskDefinitionArn.substring(colon + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int nz(Integer value) {
    return value == null ? 0 : value;
  }
}
