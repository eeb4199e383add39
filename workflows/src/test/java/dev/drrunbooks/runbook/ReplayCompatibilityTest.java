package dev.drrunbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.testing.HistoryRecorder;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every recorded history against today's workflow code, one test per file, named after it.
 * Fails when a change would break runs already in flight (a reordered step, a new activity before
 * an old one) unless it is versioned with {@code Workflow.getVersion}.
 */
class ReplayCompatibilityTest {

  static final Path HISTORIES = Path.of("src", "test", "resources", "histories");

  @TestFactory
  Stream<DynamicTest> recordedHistories_replayWithoutNondeterminism() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(HISTORIES)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("recorded histories under " + HISTORIES).isNotEmpty();
    Class<?>[] all = ProcedureCatalog.WORKFLOW_IMPLEMENTATIONS.toArray(Class<?>[]::new);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    HISTORIES.relativize(file).toString(),
                    () ->
                        WorkflowReplayer.replayWorkflowExecution(
                            WorkflowExecutionHistory.fromJson(
                                Files.readString(file), workflowIdOf(file)),
                            all[0],
                            java.util.Arrays.copyOfRange(all, 1, all.length))));
  }

  /** The id the history was recorded under; older recordings did not depend on it. */
  private static String workflowIdOf(Path history) throws IOException {
    Path index = history.resolveSibling(HistoryRecorder.IDS);
    Properties ids = new Properties();
    if (Files.exists(index)) {
      try (var in = Files.newBufferedReader(index)) {
        ids.load(in);
      }
    }
    String name = history.getFileName().toString().replaceFirst("\\.json$", "");
    return ids.getProperty(name, "replayed-" + name);
  }
}
