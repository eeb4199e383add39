package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.capability.LogSearch;
import dev.drrunbooks.activities.platform.LogGrouping;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceChecks;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** The logs capability on AWS: CloudWatch Logs FilterLogEvents across the service's log group. */
final class AwsLogSearch implements LogSearch {

  private final CloudWatchLogsClient logs;
  private final Clock clock;

  public AwsLogSearch(CloudWatchLogsClient logs, Clock clock) {
    this.logs = logs;
    this.clock = clock;
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
          AwsFailures.call(
              "CloudWatch Logs FilterLogEvents",
              () ->
                  logs.filterLogEvents(
                      r ->
                          r.logGroupName(query.logGroup())
                              .filterPattern(query.filterPattern())
                              .startTime(start)
                              .limit(Math.min(query.maxEvents(), 10_000))
                              .nextToken(token)),
              (call, e) ->
                  e instanceof ResourceNotFoundException missing
                      ? AwsFailures.nonRetryable(
                          call + " (log group " + query.logGroup() + ")",
                          missing,
                          ServiceChecks.LOG_GROUP_NOT_FOUND)
                      : null);
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
}
