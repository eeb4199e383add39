package dev.drrunbooks.testing;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Writes a finished run's history to {@code src/test/resources/histories/<procedure>/} when the
 * build runs with {@code -Drecord.histories=true}. Record only when a change is meant to be
 * incompatible (and versioned); otherwise the stored histories are what the replay test guards.
 */
public final class HistoryRecorder {

  /** Per procedure folder: history name to the workflow id it was recorded under. */
  public static final String IDS = "workflow-ids.properties";

  public static void record(
      WorkflowClient client, String workflowId, String procedure, String name) {
    if (!Boolean.getBoolean("record.histories")) {
      return;
    }
    Path dir = Path.of("src", "test", "resources", "histories", procedure);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), client.fetchHistory(workflowId).toJson(true));
      // The history does not name its own run, and a run's id is part of what it decides on.
      Properties ids = new Properties();
      Path index = dir.resolve(IDS);
      if (Files.exists(index)) {
        try (var in = Files.newBufferedReader(index)) {
          ids.load(in);
        }
      }
      ids.setProperty(name, workflowId);
      try (var out = Files.newBufferedWriter(index)) {
        ids.store(out, "workflow id of each recorded history");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HistoryRecorder() {}
}
