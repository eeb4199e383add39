package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's first command: a bad release is rolled back and the recovery time reported. */
class DemoCommandTest {

  @Test
  void demo_rollsBackTheBadRelease_andReportsRecoveryAgainstRto() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    // As ./runbook does with RUNBOOK_PROFILES_DIR: the tests run in worker/.
    System.setProperty("runbook.profiles-dir", Path.of("..", "runbooks").toString());
    try {
      exit = RunbookMain.run("demo", "--deploy-time", "PT1S");
    } finally {
      System.setOut(original);
      System.clearProperty("runbook.profiles-dir");
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    assertThat(printed)
        .contains("demo-commander approved gate approve-rollback")
        .contains("Outcome:        ROLLED_BACK (sandbox: :42 -> :41)")
        .contains("within RTO")
        .contains("[x] Tag the bad revision so no rollback picks it again");
  }
}
