package dev.drrunbooks.service;

/** Recent error events of the service's log group (CloudWatch Logs FilterLogEvents). */
public record LogQuery(
    ServiceRef service,
    String logGroup,
    String filterPattern,
    int lookbackMinutes,
    int maxEvents) {}
