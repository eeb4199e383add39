package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.LogSearch;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;

/** The logs capability in the sandbox: what the simulated tasks wrote, by time. */
final class SandboxLogSearch implements LogSearch {

  private final SandboxWorld world;

  SandboxLogSearch(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public LogSummary recentErrors(LogQuery query) {
    return world.recentErrors(query);
  }
}
