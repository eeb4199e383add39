package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Temporal web UI, as a commander uses it, in headless Chromium: ui-tests/ui.test.mjs
 * (playwright-core, Node's test runner) against the shared real dev server's UI and worker. It
 * starts a rollback of the sandbox from the UI's start form with the operator guide's JSON, reads
 * the checklist in the run's current details, runs the progress query, approves the gate by sending
 * the {@code approve} update, and cancels a failover waiting at its gate, whose undo runs.
 * Screenshots of each screen go to worker/target/ui-screenshots (the operator guide shows them,
 * from docs/ui/). CI installs Chromium and the Node package; a machine without them says loudly
 * what it skipped.
 */
class TemporalUiIT {

  private static final Path UI_TESTS = Path.of("..", "ui-tests").toAbsolutePath().normalize();

  @Test
  void commanderStartsFollowsQueriesApprovesAndCancelsFromTheUi() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      SharedRealServer.skip(
          "TemporalUiIT", "no Chromium at " + chromium + " (apt-get install chromium)");
    }
    if (!Files.isDirectory(UI_TESTS.resolve("node_modules").resolve("playwright-core"))) {
      SharedRealServer.skip("TemporalUiIT", "no playwright-core: npm ci in " + UI_TESTS);
    }
    SharedRealServer.require("TemporalUiIT");
    Path screenshots = Path.of("target", "ui-screenshots").toAbsolutePath();
    Path output = Path.of("target", "ui-tests.log").toAbsolutePath();
    ProcessBuilder node =
        new ProcessBuilder(List.of("node", "--test", "ui.test.mjs"))
            .directory(UI_TESTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    node.environment().put("UI_URL", SharedRealServer.uiUrl());
    node.environment().put("TASK_QUEUE", SharedRealServer.QUEUE);
    node.environment().put("GUIDE", UI_TESTS.resolveSibling("docs/operator-guide.md").toString());
    node.environment().put("SCREENSHOTS", screenshots.toString());
    node.environment().put("CHROMIUM", chromium.toString());
    Process run = node.start();
    boolean ended = run.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      run.destroyForcibly();
    }
    String tap = Files.readString(output);
    // Leave the shared worker's sandbox as the other end-to-end tests expect it: the rollback
    // approved above moved it to another revision.
    assertThat(
            RunbookMain.run(
                "sandbox",
                "reset",
                "--as",
                "ops-lead",
                "--address",
                SharedRealServer.address(),
                "--task-queue",
                SharedRealServer.QUEUE))
        .isZero();

    assertThat(ended).as("the UI test ended within 8 minutes:\n" + tap).isTrue();
    assertThat(run.exitValue()).as(tap).isZero();
    assertThat(tap).contains("# pass 2").contains("# fail 0");
    assertThat(screenshots.resolve("ui-checklist-waiting.png")).exists();
  }
}
