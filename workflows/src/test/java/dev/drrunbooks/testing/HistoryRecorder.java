package dev.drrunbooks.testing;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a finished run's history to {@code src/test/resources/histories/<procedure>/} when the
 * build runs with {@code -Drecord.histories=true}. Record only when a change is meant to be
 * incompatible (and versioned); otherwise the stored histories are what the replay test guards.
 */
public final class HistoryRecorder {

  public static void record(
      WorkflowClient client, String workflowId, String procedure, String name) {
    if (!Boolean.getBoolean("record.histories")) {
      return;
    }
    Path dir = Path.of("src", "test", "resources", "histories", procedure);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), client.fetchHistory(workflowId).toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HistoryRecorder() {}
}
