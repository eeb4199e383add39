package dev.drrunbooks.receiver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A CloudWatch alarm's state change, as SNS carries it in a notification's Message. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudWatchAlarm(
    @JsonProperty("AlarmName") String alarmName,
    @JsonProperty("AlarmDescription") String alarmDescription,
    @JsonProperty("AWSAccountId") String accountId,
    @JsonProperty("NewStateValue") String newStateValue,
    @JsonProperty("NewStateReason") String newStateReason,
    @JsonProperty("StateChangeTime") String stateChangeTime,
    @JsonProperty("Region") String region,
    @JsonProperty("AlarmArn") String alarmArn,
    @JsonProperty("Trigger") AlarmTrigger trigger) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AlarmTrigger(
      @JsonProperty("MetricName") String metricName,
      @JsonProperty("Namespace") String namespace,
      @JsonProperty("Dimensions") List<Dimension> dimensions) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Dimension(@JsonProperty("name") String name, @JsonProperty("value") String value) {}
}
