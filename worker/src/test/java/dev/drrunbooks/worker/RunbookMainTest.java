package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.starter.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The CLI's contract with scripts: bad input and an absent server give set exit codes, no stack
 * traces.
 */
class RunbookMainTest {

  @Test
  void missingRequiredOption_isUsageError() {
    Run run = run("start", "app-rollback");
    assertThat(run.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err).contains("Missing required option: '--service=<service>'");
  }

  @Test
  void unknownStepAction_isBadInput_beforeAnyConnection() {
    Run run =
        run(
            "step",
            "app-rollback-sandbox",
            "rewind",
            "--as",
            "ops-lead",
            "--address",
            "localhost:1");
    assertThat(run.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err).contains("action must be retry, skip or abort (was 'rewind')");
  }

  @Test
  void unreachableServer_isOneClearLine() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    for (String command : new String[] {"status", "worker"}) {
      Run run =
          command.equals("worker")
              ? run("worker", "--address", "localhost:" + closedPort)
              : run("status", "app-rollback-sandbox", "--address", "localhost:" + closedPort);
      assertThat(run.exit).as(command).isEqualTo(ExitCode.UNREACHABLE);
      assertThat(run.err)
          .startsWith("runbook: cannot reach the Temporal server at localhost:" + closedPort)
          .contains("./runbook dev")
          .doesNotContain("\tat ");
    }
  }

  private record Run(int exit, String err) {}

  private static Run run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    try {
      int exit = RunbookMain.run(args);
      return new Run(exit, err.toString());
    } finally {
      System.setErr(original);
    }
  }
}
