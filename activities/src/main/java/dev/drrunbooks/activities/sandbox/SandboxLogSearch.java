package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.LogSearch;
import dev.drrunbooks.activities.platform.LogGrouping;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import java.time.Duration;

/** The logs capability in the sandbox: what the simulated tasks wrote, by time. */
final class SandboxLogSearch implements LogSearch {

  private final SandboxWorld world;

  SandboxLogSearch(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public LogSummary recentErrors(LogQuery query) {
    SimService s = world.existing(query.service());
    long since = world.now() - Duration.ofMinutes(query.lookbackMinutes()).toMillis();
    LogGrouping grouping = new LogGrouping();
    synchronized (s) {
      s.logs.stream()
          .filter(l -> l.at() >= since)
          .limit(query.maxEvents())
          .forEach(l -> grouping.add(l.message(), l.stream()));
    }
    return grouping.summary(false);
  }
}
