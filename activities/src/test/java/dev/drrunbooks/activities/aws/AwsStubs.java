package dev.drrunbooks.activities.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * WireMock stubs that speak the AWS wire protocols the adapters use: JSON 1.1 for ECS and
 * CloudWatch Logs (operation in {@code X-Amz-Target}), the query protocol with XML answers for
 * ELBv2 and CloudWatch (operation in the form body). Shared by the wire tests and the end-to-end
 * test.
 */
public final class AwsStubs {

  public static final String ECS = "AmazonEC2ContainerServiceV20141113.";
  public static final String LOGS = "Logs_20140328.";

  public static MappingBuilder ecs(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECS + operation));
  }

  public static MappingBuilder logs(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LOGS + operation));
  }

  /** ELBv2 or CloudWatch: query protocol, the action is a form field. */
  public static MappingBuilder query(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action));
  }

  public static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withBody(body);
  }

  public static ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
  }

  public static ResponseDefinitionBuilder error(int status, String type, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-ErrorType", type)
        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  /** A query-protocol (RDS, ELBv2, CloudWatch) error answer with this code. */
  public static ResponseDefinitionBuilder queryError(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml")
        .withBody(
            "<ErrorResponse><Error><Type>Sender</Type><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error><RequestId>r9</RequestId></ErrorResponse>");
  }

  /** SDK clients for one region, every service sent to the WireMock server at {@code baseUrl}. */
  public static AwsClients clients(String baseUrl, String region) {
    return new AwsClients(
        region,
        software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                "AKIDTEST", "test-secret")),
        java.net.URI.create(baseUrl));
  }

  public static String arn(String family, int revision) {
    return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + family + ":" + revision;
  }

  /** A ListTaskDefinitions answer. */
  public static String taskDefinitionList(String... arns) {
    return "{\"taskDefinitionArns\":["
        + Arrays.stream(arns).map(a -> "\"" + a + "\"").collect(Collectors.joining(","))
        + "]}";
  }

  /** A DescribeTaskDefinition answer; {@code tags} is the JSON inside the tags array. */
  public static String taskDefinition(String family, int revision, String status, String tags) {
    return "{\"taskDefinition\":{\"taskDefinitionArn\":\""
        + arn(family, revision)
        + "\",\"family\":\""
        + family
        + "\",\"revision\":"
        + revision
        + ",\"status\":\""
        + status
        + "\",\"containerDefinitions\":[{\"name\":\"sync\",\"image\":\""
        + image(revision)
        + "\"}]},\"tags\":["
        + tags
        + "]}";
  }

  /** The container image the stubbed task definitions run. */
  public static String image(int revision) {
    return "123456789012.dkr.ecr.us-east-1.amazonaws.com/gitee-notion-sync:2.3." + revision;
  }

  /**
   * A GetMetricData answer with one datapoint per period for the three series the health adapter
   * asks for: requests, target 5xx, p90 response time (seconds). Periods are given by their start.
   */
  public static String traffic(
      String[] starts, double[] requests, double[] errors, double[] p90Seconds) {
    return "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
        + "<GetMetricDataResult><MetricDataResults>"
        + series("requests", starts, requests)
        + series("errors", starts, errors)
        + series("latencyp90", starts, p90Seconds)
        + "</MetricDataResults></GetMetricDataResult>"
        + "<ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></GetMetricDataResponse>";
  }

  private static String series(String id, String[] starts, double[] values) {
    String timestamps =
        Arrays.stream(starts).map(t -> "<member>" + t + "</member>").collect(Collectors.joining());
    String members =
        Arrays.stream(values)
            .mapToObj(v -> "<member>" + v + "</member>")
            .collect(Collectors.joining());
    return "<member><Id>"
        + id
        + "</Id><Label>"
        + id
        + "</Label><StatusCode>Complete</StatusCode><Timestamps>"
        + timestamps
        + "</Timestamps><Values>"
        + members
        + "</Values></member>";
  }

  /** A DescribeServices answer for one ACTIVE service with the given deployments. */
  public static String service(
      String family, int revision, int desired, int running, String... deployments) {
    return "{\"services\":[{\"serviceName\":\"gitee-notion-sync-service\",\"status\":\"ACTIVE\","
        + "\"taskDefinition\":\""
        + arn(family, revision)
        + "\",\"desiredCount\":"
        + desired
        + ",\"runningCount\":"
        + running
        + ",\"pendingCount\":0,\"deployments\":["
        + String.join(",", deployments)
        + "]}],\"failures\":[]}";
  }

  public static String deployment(
      String id,
      String status,
      String family,
      int revision,
      String rollout,
      int desired,
      int running) {
    return "{\"id\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\",\"taskDefinition\":\""
        + arn(family, revision)
        + "\",\"desiredCount\":"
        + desired
        + ",\"runningCount\":"
        + running
        + ",\"failedTasks\":0,\"rolloutState\":\""
        + rollout
        + "\"}";
  }

  /** A DescribeTargetHealth answer; each argument is {@code id=state}. */
  public static String targetHealth(String... targets) {
    String members =
        Arrays.stream(targets)
            .map(t -> t.split("="))
            .map(
                t ->
                    "<member><Target><Id>"
                        + t[0]
                        + "</Id><Port>8080</Port></Target><TargetHealth><State>"
                        + t[1]
                        + "</State></TargetHealth></member>")
            .collect(Collectors.joining());
    return "<DescribeTargetHealthResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
        + "<DescribeTargetHealthResult><TargetHealthDescriptions>"
        + members
        + "</TargetHealthDescriptions></DescribeTargetHealthResult>"
        + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DescribeTargetHealthResponse>";
  }

  private AwsStubs() {}
}
