package dev.drrunbooks.rollback;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a finished run's history to {@code src/test/resources/histories/} when the build runs with
 * {@code -Drecord.histories=true}. Record only when a change is meant to be incompatible (and
 * versioned); otherwise the stored histories are what the replay test guards.
 */
final class HistoryRecorder {

  static void record(WorkflowClient client, String workflowId, String name) {
    if (!Boolean.getBoolean("record.histories")) {
      return;
    }
    Path file = Path.of("src", "test", "resources", "histories", name + ".json");
    try {
      Files.writeString(file, client.fetchHistory(workflowId).toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HistoryRecorder() {}
}
