package dev.drrunbooks.starter;

import dev.drrunbooks.incident.IncidentNote;
import dev.drrunbooks.incident.NoteRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook note ID TEXT --as NAME}: the incident's {@code addNote} update. */
@Command(
    name = "note",
    description =
        "Record an observation or decision on an incident's timeline (--cause and --improvement"
            + " go to the report's cause analysis and improvement items).",
    mixinStandardHelpOptions = true)
public class NoteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(index = "0", paramLabel = "ID", description = RunIds.INCIDENT_HELP)
  String id;

  @Parameters(index = "1", paramLabel = "TEXT", description = "The note, in quotes.")
  String text;

  @Option(names = "--as", required = true, description = "Your name.")
  String author;

  @ArgGroup(exclusive = true)
  Kind kind;

  static class Kind {
    @Option(names = "--cause", description = "A cause of the incident.")
    boolean cause;

    @Option(names = "--improvement", description = "Something to improve afterwards.")
    boolean improvement;
  }

  @Override
  public Integer call() {
    String run = RunIds.incidentOf(id);
    NoteRequest.Kind k =
        kind == null
            ? NoteRequest.Kind.NOTE
            : kind.cause ? NoteRequest.Kind.CAUSE : NoteRequest.Kind.IMPROVEMENT;
    NoteRequest request =
        new NoteRequest(
            CliInput.text("--as", author, true),
            CliInput.text("TEXT", text, true),
            k,
            CliInput.osUser() + "@" + CliInput.host());
    try (RunbookClient client = connection.connect()) {
      IncidentNote note = client.addNote(run, request);
      spec.commandLine()
          .getOut()
          .println(
              "Noted on "
                  + run
                  + " as "
                  + note.author()
                  + " at "
                  + note.at()
                  + (note.kind() == NoteRequest.Kind.NOTE
                      ? ""
                      : " (" + note.kind().name().toLowerCase() + ")"));
      return ExitCode.OK;
    }
  }
}
