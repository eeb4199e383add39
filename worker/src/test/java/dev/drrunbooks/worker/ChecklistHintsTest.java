package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.runbook.ProgressMarkdown;
import dev.drrunbooks.runbook.ProgressMarkdown.Style;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.StepKind;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.StepView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The checklist's hints are commands to type at 3 a.m.: each must parse with the CLI's own parser,
 * and offer only what the step allows.
 */
class ChecklistHintsTest {

  private static final String ID = "recovery/sandbox/sandbox-primary/cluster/service";

  @Test
  void hints_areCommandsTheCliAccepts_andOfferOnlyAllowedActions() {
    String text = ProgressMarkdown.render(waitingRun(), Style.PLAIN);

    List<String> hints =
        text.lines()
            .filter(l -> l.contains("./runbook "))
            .map(l -> l.substring(l.indexOf("./runbook ") + "./runbook ".length()))
            .toList();
    assertThat(hints).hasSize(3);
    for (String hint : hints) {
      String typed =
          hint.replace("<name>", "ops-lead")
              .replace("<why>", "checked")
              .replaceAll(" \\(.*\\)$", "");
      List<String> args = new ArrayList<>(Arrays.asList(typed.split(" ")));
      if (args.get(0).equals("step")) {
        // "retry|skip|abort": the person picks one; each offered one must parse.
        for (String action : args.get(2).split("\\|")) {
          List<String> chosen = new ArrayList<>(args);
          chosen.set(2, action);
          RunbookMain.commandLine().parseArgs(chosen.toArray(String[]::new));
        }
      } else {
        CommandLine.ParseResult parsed =
            RunbookMain.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("approve");
      }
    }
    assertThat(text)
        .contains("step " + ID + " retry|abort --step describe-service")
        .contains("(this step cannot be skipped)")
        .contains("step " + ID + " retry|skip|abort --step read-error-logs");
  }

  @Test
  void terminalStyles_haveNoMarkdown_andColourOnlyOnATerminal() {
    String plain = ProgressMarkdown.render(waitingRun(), Style.PLAIN);
    String colour = ProgressMarkdown.render(waitingRun(), Style.COLOR);
    String markdown = ProgressMarkdown.render(waitingRun(), Style.MARKDOWN);

    assertThat(plain).doesNotContain("**").doesNotContain("`").doesNotContain("\u001b[");
    assertThat(colour).doesNotContain("**").contains("\u001b[31m[!]\u001b[0m");
    assertThat(markdown).contains("**AppRollback**").contains("`./runbook approve ");
  }

  private static RunbookProgress waitingRun() {
    Instant t = Instant.parse("2026-11-21T03:00:00Z");
    List<StepView> steps =
        List.of(
            step("read-error-logs", StepStatus.FAILED, true, true),
            step("describe-service", StepStatus.FAILED, true, false),
            step("approve-rollback", StepStatus.WAITING_FOR_APPROVAL, false, false));
    return new RunbookProgress(
        "AppRollback",
        ID,
        "sandbox",
        "INC-1",
        "ops-lead",
        "sandbox/sandbox-primary/cluster/service",
        RunStatus.WAITING_FOR_OPERATOR,
        false,
        t,
        t,
        null,
        30,
        30,
        steps,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null);
  }

  private static StepView step(
      String id, StepStatus status, boolean awaitingDecision, boolean skippable) {
    return new StepView(
        id,
        id,
        status == StepStatus.WAITING_FOR_APPROVAL ? StepKind.GATE : StepKind.STEP,
        status,
        Instant.parse("2026-11-21T03:00:00Z"),
        null,
        1,
        "boom",
        List.of(),
        Map.of(),
        awaitingDecision,
        null,
        null,
        skippable);
  }
}
