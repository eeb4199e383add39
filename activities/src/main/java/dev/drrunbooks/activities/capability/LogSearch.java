package dev.drrunbooks.activities.capability;

import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;

/**
 * The logs capability: recent error events of the service, grouped by message. A missing log group
 * is {@code LogGroupNotFound}, which a runbook may live with.
 */
public interface LogSearch {

  /** CloudWatch Logs FilterLogEvents over the last {@code lookbackMinutes}, grouped by message. */
  LogSummary recentErrors(LogQuery query);
}
