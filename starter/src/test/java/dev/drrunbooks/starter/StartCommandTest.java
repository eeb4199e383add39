package dev.drrunbooks.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.drill.DrillRequest;
import dev.drrunbooks.procedures.ProcedureCatalog;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StartCommandTest {

  /** A list field (a drill's participants) is typed as names separated by commas. */
  @Test
  void listField_isTypedAsCommaSeparatedNames() {
    CommandLine start = StartCommand.commandLine(service -> null);
    start.parseArgs(
        "drill",
        "--service",
        "sandbox",
        "--scenario",
        "app-failure",
        "--participants",
        "ops-lead,dev-lead");
    CommandLine drill = start.getSubcommands().get("drill");
    DrillRequest request =
        (DrillRequest)
            StartCommand.request(
                ProcedureCatalog.DRILL,
                DrillRequest.class.getRecordComponents(),
                drill.getCommandSpec());
    assertThat(request.participants()).containsExactly("ops-lead", "dev-lead");
    assertThat(request.problems()).isEmpty();
  }
}
