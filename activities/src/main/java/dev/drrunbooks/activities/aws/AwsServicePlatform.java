package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.platform.LogGrouping;
import dev.drrunbooks.activities.platform.ServicePlatform;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** The service on real AWS, through the SDK v2 clients of one region. */
public final class AwsServicePlatform implements ServicePlatform {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final EcsClient ecs;
  private final CloudWatchLogsClient logs;
  private final CloudWatchClient cloudWatch;
  private final ElasticLoadBalancingV2Client elb;
  private final HttpClient http;
  private final Clock clock;

  public AwsServicePlatform(AwsClients clients, Clock clock) {
    this.ecs = clients.ecs();
    this.logs = clients.logs();
    this.cloudWatch = clients.cloudWatch();
    this.elb = clients.elb();
    this.http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    this.clock = clock;
  }

  @Override
  public ServiceState describeService(ServiceRef ref) {
    DescribeServicesResponse response =
        call(
            "ECS DescribeServices",
            () -> ecs.describeServices(r -> r.cluster(ref.cluster()).services(ref.service())));
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
                        d.desiredCount() == null ? 0 : d.desiredCount(),
                        d.runningCount() == null ? 0 : d.runningCount(),
                        d.failedTasks() == null ? 0 : d.failedTasks()))
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

  @Override
  public List<Integer> activeRevisions(ServiceRef ref, String family) {
    List<Integer> revisions = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      ListTaskDefinitionsResponse page =
          call(
              "ECS ListTaskDefinitions",
              () ->
                  ecs.listTaskDefinitions(
                      r ->
                          r.familyPrefix(family)
                              .status(TaskDefinitionStatus.ACTIVE)
                              .sort(SortOrder.DESC)
                              .nextToken(token)));
      for (String arn : page.taskDefinitionArns()) {
        // familyPrefix also matches longer families (gitee-notion-sync-task-v2): keep exact ones.
        if (arn.contains("task-definition/" + family + ":")) {
          revisions.add(revisionOf(arn));
        }
      }
      next = page.nextToken();
    } while (next != null && revisions.size() < 200);
    return revisions;
  }

  @Override
  public TaskDefinitionInfo taskDefinition(ServiceRef ref, String family, int revision) {
    String name = family + ":" + revision;
    DescribeTaskDefinitionResponse response;
    try {
      response =
          ecs.describeTaskDefinition(r -> r.taskDefinition(name).include(TaskDefinitionField.TAGS));
    } catch (ClientException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task definition "
              + name
              + " does not exist ("
              + e.awsErrorDetails().errorMessage()
              + ")",
          ServiceChecks.UNKNOWN_REVISION);
    } catch (SdkException e) {
      throw AwsErrors.map("ECS DescribeTaskDefinition", e);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    response.tags().forEach(t -> tags.put(t.key(), t.value()));
    var td = response.taskDefinition();
    return new TaskDefinitionInfo(td.taskDefinitionArn(), td.revision(), td.statusAsString(), tags);
  }

  @Override
  public void updateService(ServiceRef ref, String taskDefinition, Integer desiredCount) {
    call(
        "ECS UpdateService",
        () ->
            ecs.updateService(
                r ->
                    r.cluster(ref.cluster())
                        .service(ref.service())
                        .taskDefinition(taskDefinition)
                        .desiredCount(desiredCount)));
  }

  @Override
  public void tagTaskDefinition(
      ServiceRef ref, String taskDefinitionArn, String key, String value) {
    call(
        "ECS TagResource",
        () ->
            ecs.tagResource(
                r ->
                    r.resourceArn(taskDefinitionArn)
                        .tags(Tag.builder().key(key).value(value).build())));
  }

  @Override
  public LogSummary recentErrors(LogQuery query) {
    long start = clock.instant().minus(Duration.ofMinutes(query.lookbackMinutes())).toEpochMilli();
    List<FilteredLogEvent> events = new ArrayList<>();
    String next = null;
    boolean truncated = false;
    do {
      String token = next;
      FilterLogEventsResponse page =
          call(
              "CloudWatch Logs FilterLogEvents",
              () ->
                  logs.filterLogEvents(
                      r ->
                          r.logGroupName(query.logGroup())
                              .filterPattern(query.filterPattern())
                              .startTime(start)
                              .limit(Math.min(query.maxEvents(), 10_000))
                              .nextToken(token)));
      events.addAll(page.events());
      next = page.nextToken();
      if (events.size() >= query.maxEvents()) {
        truncated = next != null || events.size() > query.maxEvents();
        break;
      }
    } while (next != null);
    LogGrouping grouping = new LogGrouping();
    events.stream()
        .limit(query.maxEvents())
        .forEach(e -> grouping.add(e.message(), e.logStreamName()));
    return grouping.summary(truncated);
  }

  @Override
  public Map<String, String> targetHealth(ServiceRef ref, String targetGroupArn) {
    Map<String, String> states = new LinkedHashMap<>();
    for (TargetHealthDescription d :
        call(
                "ELBv2 DescribeTargetHealth",
                () -> elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)))
            .targetHealthDescriptions()) {
      states.put(d.target().id() + ":" + d.target().port(), d.targetHealth().stateAsString());
    }
    return states;
  }

  @Override
  public Double errorRatePercent(
      ServiceRef ref, String loadBalancerArnSuffix, String targetGroupArnSuffix, Duration window) {
    Instant end = clock.instant();
    List<Dimension> dimensions =
        List.of(
            Dimension.builder().name("LoadBalancer").value(loadBalancerArnSuffix).build(),
            Dimension.builder().name("TargetGroup").value(targetGroupArnSuffix).build());
    GetMetricDataResponse response =
        call(
            "CloudWatch GetMetricData",
            () ->
                cloudWatch.getMetricData(
                    r ->
                        r.startTime(end.minus(window))
                            .endTime(end)
                            .metricDataQueries(
                                sum("errors", "HTTPCode_Target_5XX_Count", dimensions),
                                sum("requests", "RequestCount", dimensions))));
    double errors = 0;
    double requests = 0;
    for (MetricDataResult result : response.metricDataResults()) {
      double total = result.values().stream().mapToDouble(Double::doubleValue).sum();
      if ("errors".equals(result.id())) {
        errors = total;
      } else if ("requests".equals(result.id())) {
        requests = total;
      }
    }
    return requests == 0 ? null : errors * 100.0 / requests;
  }

  @Override
  public int probe(ServiceRef ref, String url) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(PROBE_TIMEOUT)
            .header("User-Agent", "dr-runbooks")
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private static MetricDataQuery sum(String id, String metric, List<Dimension> dimensions) {
    return MetricDataQuery.builder()
        .id(id)
        .returnData(true)
        .metricStat(
            MetricStat.builder()
                .metric(
                    Metric.builder()
                        .namespace("AWS/ApplicationELB")
                        .metricName(metric)
                        .dimensions(dimensions)
                        .build())
                .period(60)
                .stat("Sum")
                .build())
        .build();
  }

  private static <T> T call(String name, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrors.map(name, e);
    }
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
