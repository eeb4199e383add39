package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook approve ID --gate G --as NAME}: the {@code approve} update. */
@Command(
    name = "approve",
    description = "Approve (or --reject) a gate that is waiting.",
    mixinStandardHelpOptions = true)
public class ApproveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = RunIds.HELP)
  String id;

  @Option(
      names = "--gate",
      description = "Gate id, e.g. approve-rollback (may be left out when one gate waits).")
  String gate;

  @Option(
      names = "--as",
      required = true,
      description = "Your name, as listed in the profile's approvers.")
  String approver;

  @Option(names = "--comment", description = "Why; recorded with the decision.")
  String comment;

  @Option(
      names = "--reject",
      description = "Reject instead of approve; the run ends without the change.")
  boolean reject;

  @Override
  public Integer call() {
    CliInput.runId(id); // bad input is said before any connection
    ApprovalRequest request =
        new ApprovalRequest(
            gate,
            CliInput.text("--as", approver, true),
            reject ? Decision.REJECT : Decision.APPROVE,
            CliInput.text("--comment", comment, false),
            CliInput.osUser() + "@" + CliInput.host());
    try (RunbookClient client = connection.connect()) {
      String run = RunIds.waitingOn(id, client, true);
      ApprovalRecord record = client.approve(run, request);
      spec.commandLine()
          .getOut()
          .println(
              (record.decision() == Decision.APPROVE ? "Approved" : "Rejected")
                  + " gate "
                  + record.gate()
                  + " of "
                  + run
                  + " as "
                  + record.approver()
                  + " at "
                  + record.at());
      return ExitCode.OK;
    }
  }
}
