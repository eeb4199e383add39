package dev.drrunbooks.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.runbook.RunbookCatalog;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories against today's workflow code. Fails when a change would break runs
 * already in flight (a reordered step, a new activity before an old one) unless it is versioned
 * with {@code Workflow.getVersion}.
 */
class ReplayCompatibilityTest {

  static final Path HISTORIES = Path.of("src", "test", "resources", "histories");

  @Test
  void recordedHistories_replayWithoutNondeterminism() throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(HISTORIES)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("recorded histories in " + HISTORIES).isNotEmpty();
    for (Path file : files) {
      WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(read(file));
      WorkflowReplayer.replayWorkflowExecution(
          history,
          RunbookCatalog.WORKFLOW_IMPLEMENTATIONS.get(0),
          RunbookCatalog.WORKFLOW_IMPLEMENTATIONS
              .subList(1, RunbookCatalog.WORKFLOW_IMPLEMENTATIONS.size())
              .toArray(Class<?>[]::new));
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
