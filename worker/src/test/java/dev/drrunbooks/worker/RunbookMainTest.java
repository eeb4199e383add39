package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.starter.ExitCode;
import dev.drrunbooks.starter.ProceduresCommand;
import dev.drrunbooks.starter.StartCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

  @Test
  void temporalUiLink_encodesTheRunId() {
    assertThat(
            dev.drrunbooks.starter.RunbookDefaults.uiLink(
                "http://ui:8080/", "default", "recovery/aws/ap-southeast-1/c/s"))
        .isEqualTo(
            "http://ui:8080/namespaces/default/workflows/recovery%2Faws%2Fap-southeast-1%2Fc%2Fs");
    assertThat(dev.drrunbooks.starter.RunbookDefaults.uiLink(null, "default", "x")).isNull();
  }

  /** An address that does not resolve is one line, not gRPC's stack trace. */
  @Test
  void unresolvableAddress_isOneLine_sayingUnknownHost() {
    Run run = run("status", "some-run", "--address", "no-such-host.invalid:7233");
    assertThat(run.exit).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(run.err)
        .startsWith("runbook: cannot reach the Temporal server at no-such-host.invalid:7233")
        .contains("unknown host 'no-such-host.invalid'")
        .doesNotContain("\tat ");
    assertThat(run.err.lines().count()).isEqualTo(1);
  }

  @Test
  void emptyRunIdOrBadInterval_isBadInput_beforeAnyConnection() {
    Run empty = run("status", "", "--address", "localhost:1");
    assertThat(empty.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(empty.err).contains("the run id is empty");
    Run interval = run("watch", "some-run", "--interval", "PT-1S", "--address", "localhost:1");
    assertThat(interval.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(interval.err).contains("--interval must be at least PT0.1S");
    Run forged =
        run(
            "approve",
            "some-run",
            "--as",
            "ops-lead",
            "--comment",
            "ok\nINFO fake line",
            "--address",
            "localhost:1");
    assertThat(forged.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(forged.err).contains("--comment contains a control character");
  }

  /** An incident id goes into a search attribute and every notification: short and safe. */
  @Test
  void forgedOrHugeIncidentId_isBadInput_beforeAnyConnection() {
    Run forged =
        run(
            "start",
            "app-rollback",
            "--service",
            "sandbox",
            "--incident",
            "INC-1\nERROR x",
            "--address",
            "localhost:1");
    assertThat(forged.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(forged.err).contains("incidentId must be letters, digits");
    Run huge =
        run(
            "start",
            "app-rollback",
            "--service",
            "sandbox",
            "--incident",
            "I".repeat(100_000),
            "--address",
            "localhost:1");
    assertThat(huge.exit).isEqualTo(ExitCode.BAD_INPUT);
    Run count =
        run(
            "start",
            "app-rollback",
            "--service",
            "sandbox",
            "--desired-count",
            "2147483647",
            "--address",
            "localhost:1");
    assertThat(count.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(count.err).contains("desiredCount must be from 1 to 1000");
  }

  /** Guards "fails without side effects": an unknown service is refused before any connection. */
  @Test
  void unknownService_isBadInput_beforeAnyConnection() {
    Run run = run("start", "app-rollback", "--service", "billing", "--address", "localhost:1");
    assertThat(run.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err).contains("no profile for service 'billing'").doesNotContain("\tat ");

    // A service name mistyped where a run is asked for is an unknown service (which offers the
    // nearest known name: ProfileLoaderTest), said before connecting, not "no run 'sandbx'".
    Run typo =
        run(
            "decide",
            "sandbx",
            "--procedure",
            "none",
            "--as",
            "ops-lead",
            "--address",
            "localhost:1");
    assertThat(typo.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(typo.err).contains("no profile for service 'sandbx'"); // not "no run sandbx"
  }

  @Test
  void revisionMarkWithoutReason_isBadInput_beforeAnyConnection() {
    Run run =
        run(
            "revision",
            "mark",
            "--service",
            "sandbox",
            "--revision",
            "0",
            "--as",
            "ops-lead",
            "--reason",
            " ",
            "--address",
            "localhost:1");
    assertThat(run.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err)
        .contains("revision must be 1 or more (was 0)")
        .contains("reason is required");
  }

  @Test
  void unknownProcedure_isUsageError_listingTheCatalog() {
    Run run = run("start", "region-rollback", "--service", "sandbox");
    assertThat(run.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err).contains("Unmatched argument").contains("app-rollback");
  }

  /**
   * {@code incident open} is the incident's start: typed fields are options, the alert's structured
   * trigger is not (it comes from the receiver or the Temporal UI).
   */
  @Test
  void incidentOpen_offersTheTypedFields_andRefusesBadInputBeforeConnecting() {
    CommandLine open =
        StartCommand.incidentCommandLine(service -> null).getSubcommands().get("open");
    assertThat(open.getCommandSpec().optionsMap().keySet())
        .contains(
            "--service", "--reason", "--procedure", "--incident", "--dry-run", "--as", "--watch")
        .doesNotContain("--trigger");
    assertThat(open.getUsageMessage()).contains("Usage: incident open ");

    Run badProcedure =
        run(
            "incident",
            "open",
            "--service",
            "sandbox",
            "--procedure",
            "reboot",
            "--address",
            "localhost:1");
    assertThat(badProcedure.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(badProcedure.err)
        .contains(
            "procedure 'reboot' is not one of app-rollback, data-restore, region-failover, failback, none");

    // A person opening an incident says what they saw: it heads the timeline and the report.
    Run noReason =
        run(
            "incident",
            "open",
            "--service",
            "sandbox",
            "--as",
            "ops-lead",
            "--address",
            "localhost:1");
    assertThat(noReason.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(noReason.err).contains("reason is required for an incident a person opens");

    Run noProcedure = run("decide", "sandbox", "--as", "ops-lead", "--address", "localhost:1");
    assertThat(noProcedure.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(noProcedure.err).contains("--procedure");

    Run badFormat = run("report", "sandbox", "--format", "pdf", "--address", "localhost:1");
    assertThat(badFormat.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(badFormat.err).contains("--format must be md or json (was pdf)");
  }

  /** Every request field of a procedure is an option of its start command, named for people. */
  @Test
  void startOptions_comeFromTheRequestRecord() {
    CommandLine start = StartCommand.commandLine(service -> null);
    CommandLine rollback = start.getSubcommands().get("app-rollback");
    assertThat(rollback.getCommandSpec().optionsMap().keySet())
        .contains(
            "--service",
            "--revision",
            "--desired-count",
            "--dry-run",
            "--incident",
            "--trigger",
            "--as",
            "--detected-at",
            "--watch",
            "--strategy",
            "--force",
            "--address");
  }

  /** Keeps the README's procedure table what `runbook procedures` prints from the catalog. */
  @Test
  void readmeProcedureTable_matchesCatalog() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).contains(ProceduresCommand.table());
    String chinese = Files.readString(Path.of("..", "README.zh-CN.md"));
    assertThat(chinese).contains(ProceduresCommand.table());
  }

  /** A reason with an escape sequence or a direction override is refused, and shown escaped. */
  @Test
  void revisionMarkWithAnEscapeInTheReason_isBadInput_shownEscaped() {
    Run run =
        run(
            "revision",
            "mark",
            "--service",
            "sandbox",
            "--revision",
            "40",
            "--as",
            "ops-lead",
            "--reason",
            "bad\u001b[2J\u202Erelease",
            "--address",
            "localhost:1");
    assertThat(run.exit).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(run.err).contains("reason contains a control character").doesNotContain("\u001b");
  }

  /** Free text is text: "@oncall" is not the contents of a file called oncall. */
  @Test
  void atSignInFreeText_isTakenAsText_notAFilesContents(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path oncall = java.nio.file.Files.writeString(dir.resolve("oncall"), "secret");
    var parsed =
        RunbookMain.commandLine().parseArgs("note", "sandbox", "@" + oncall, "--as", "ops-lead");
    assertThat(parsed.subcommand().matchedPositionals())
        .extracting(p -> p.<Object>getValue().toString())
        .contains("@" + oncall)
        .doesNotContain("secret");
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
