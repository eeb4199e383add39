package dev.drrunbooks.starter;

import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunStatus;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.RunbookRequest;
import dev.drrunbooks.runbook.StepStatus;
import dev.drrunbooks.runbook.StepView;
import dev.drrunbooks.service.ServiceRef;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code runbook start <procedure>}: one subcommand per entry of {@link ProcedureCatalog}, its
 * options derived from the procedure's request record. No procedure has start code of its own.
 */
public final class StartCommand {

  /** How long to wait for the worker to load the profile, so a wrong profile fails here. */
  private static final Duration FIRST_STEP_WAIT = Duration.ofSeconds(15);

  /** Request fields every procedure has, with the option names people expect. */
  private static final Map<String, String> COMMON_OPTIONS =
      Map.of(
          "service", "--service",
          "dryRun", "--dry-run",
          "incidentId", "--incident",
          "requestedBy", "--as",
          "detectedAt", "--detected-at");

  private static final Map<String, String> COMMON_HELP =
      Map.of(
          "service", "Service profile name (a file in runbooks/).",
          "dryRun", "Report what would be done; change nothing.",
          "incidentId", "Incident id this run belongs to.",
          "requestedBy", "Who starts the run (default: $USER).",
          "detectedAt",
              "When the failure was detected (ISO-8601, e.g. 2026-11-21T03:02:00Z); the RTO is"
                  + " measured from here.");

  /** The {@code start} command with a subcommand per procedure. */
  public static CommandLine commandLine(ServiceResolver resolver) {
    CommandSpec start = CommandSpec.create().name("start").mixinStandardHelpOptions(true);
    start.usageMessage().description("Start a recovery procedure.");
    CommandLine cli = new CommandLine(start);
    for (Procedure procedure : ProcedureCatalog.ALL) {
      cli.addSubcommand(procedure.name(), procedureCommand(procedure, resolver));
    }
    return cli;
  }

  private static CommandLine procedureCommand(Procedure procedure, ServiceResolver resolver) {
    ConnectionOptions connection = new ConnectionOptions();
    RecordComponent[] components = procedure.requestType().getRecordComponents();
    CommandSpec[] self = new CommandSpec[1];
    CommandSpec spec =
        CommandSpec.wrapWithoutInspection(
            (java.util.concurrent.Callable<Integer>)
                () -> run(procedure, resolver, connection, components, self[0]));
    self[0] = spec;
    spec.name(procedure.name()).mixinStandardHelpOptions(true);
    spec.usageMessage()
        .description(
            procedure.summary()
                + " (plan "
                + procedure.planSections()
                + "; "
                + procedure.readme()
                + ")");
    spec.addMixin("connection", CommandSpec.forAnnotatedObject(connection));
    for (RecordComponent c : components) {
      if (typedOnTheCommandLine(c)) {
        spec.addOption(option(procedure, c));
      }
    }
    spec.addOption(
        OptionSpec.builder("--watch")
            .type(boolean.class)
            .description("Follow the checklist until the run ends.")
            .build());
    return new CommandLine(spec);
  }

  /**
   * Fields a person types: text, numbers, flags, times, choices. A structured field (an alert's
   * trigger) comes from the alert receiver or the Temporal UI's JSON, and is null from here.
   */
  private static boolean typedOnTheCommandLine(RecordComponent c) {
    if (c.getName().equals("reportId")) {
      return false; // the opener's own mark on each report, never a person's
    }
    Class<?> t = c.getType();
    return t == String.class
        || t == Integer.class
        || t == int.class
        || t == boolean.class
        || t == Boolean.class
        || t == java.time.Instant.class
        || t.isEnum()
        || listOfText(c);
  }

  /** A list of names (a drill's participants): {@code --participants a,b} or the option twice. */
  private static boolean listOfText(RecordComponent c) {
    return c.getType() == List.class
        && c.getGenericType() instanceof java.lang.reflect.ParameterizedType p
        && p.getActualTypeArguments()[0] == String.class;
  }

  /**
   * {@code runbook incident open}: the incident-response procedure's start, under the name
   * commanders look for.
   */
  public static CommandLine incidentCommandLine(ServiceResolver resolver) {
    CommandSpec incident = CommandSpec.create().name("incident").mixinStandardHelpOptions(true);
    incident
        .usageMessage()
        .description(
            "Open the service's incident (or join the one open): assess, classify, notify, then"
                + " decide the recovery with './runbook decide'.");
    CommandLine cli = new CommandLine(incident);
    CommandLine open = procedureCommand(ProcedureCatalog.INCIDENT_RESPONSE, resolver);
    open.getCommandSpec().name("open"); // its usage reads "runbook incident open"
    cli.addSubcommand("open", open);
    return cli;
  }

  private static OptionSpec option(Procedure procedure, RecordComponent c) {
    String name = optionName(c);
    String help =
        COMMON_HELP.getOrDefault(
            c.getName(), procedure.parameterHelp().getOrDefault(c.getName(), c.getName() + "."));
    OptionSpec.Builder option =
        OptionSpec.builder(name)
            .type(c.getType())
            .description(help)
            .paramLabel("<" + c.getName() + ">");
    if (listOfText(c)) {
      option.auxiliaryTypes(String.class).splitRegex(",");
    }
    if (c.getName().equals("service")) {
      option.required(true);
    }
    if (c.getName().equals("requestedBy")) {
      option.defaultValue(RunbookDefaults.env("USER", "cli"));
    }
    return option.build();
  }

  private static int run(
      Procedure procedure,
      ServiceResolver resolver,
      ConnectionOptions connection,
      RecordComponent[] components,
      CommandSpec spec) {
    RunbookRequest request = request(procedure, components, spec);
    // The request and the profile are checked before connecting: bad input starts nothing.
    RunbookClient.requireValid(request);
    ServiceRef resource = resolver.resolve(request.service());
    boolean watch = Boolean.TRUE.equals(spec.findOption("--watch").getValue());
    PrintWriter out = spec.commandLine().getOut();
    boolean incident = Procedure.INCIDENT_TYPE.equals(procedure.workflowType());
    try (RunbookClient client = connection.connect()) {
      boolean joining = false;
      String id;
      if (incident && !request.dryRun()) {
        IncidentOpening.Opened opened = client.openIncident(request, resource);
        id = opened.id();
        joining = opened.joined();
      } else {
        id = client.start(procedure, request, resource);
      }
      started(id, joining, procedure, request, connection, out);
      RunbookProgress first = firstChecks(client, id, incident, out);
      if (!watch) {
        nextCommands(id, incident, first, out);
        return ExitCode.OK;
      }
      RunbookProgress last =
          new ProgressWatcher(
                  () -> client.progressIfAnswered(id),
                  out,
                  Duration.ofSeconds(1),
                  client::activeChildren)
              .follow(p -> {});
      return last.status() == RunStatus.COMPLETED ? ExitCode.OK : ExitCode.RUN_FAILED;
    }
  }

  /**
   * Waits for a worker and the run's first checks: a refusal or a failure is the command's verdict
   * (exit 2 or 1); an incident's assessment is printed.
   */
  private static RunbookProgress firstChecks(
      RunbookClient client, String id, boolean incident, PrintWriter out) {
    java.time.Instant waiting = awaitWorker(client, id);
    if (waiting != null) {
      throw new CliException(ExitCode.NO_WORKER, client.noWorkerMessage(id, waiting));
    }
    RunbookProgress first = awaitChecks(client, id);
    if (first != null && first.status() == RunStatus.REFUSED) {
      throw new CliException(
          ExitCode.BAD_INPUT,
          "run " + id + " refused the request; nothing was changed: " + first.outcome());
    }
    if (first != null && first.status() == RunStatus.FAILED) {
      throw new CliException(ExitCode.RUN_FAILED, "run " + id + " failed: " + first.outcome());
    }
    if (first == null) {
      out.println(
          "No worker has picked the run up yet: is './runbook worker' (or './runbook dev')"
              + " running on task queue "
              + client.taskQueue()
              + "?");
    }
    if (incident && first != null) {
      first.steps().stream()
          .filter(
              st ->
                  st.id().equals(dev.drrunbooks.incident.IncidentResponseWorkflow.CLASSIFY_STEP)
                      && st.status() == StepStatus.DONE)
          .findFirst()
          .ifPresent(st -> out.println("Assessed:    " + st.detail()));
    }
    return first;
  }

  /** What was started or joined, with its link in the Temporal UI. */
  private static void started(
      String id,
      boolean joining,
      Procedure procedure,
      RunbookRequest request,
      ConnectionOptions connection,
      PrintWriter out) {
    if (joining) {
      out.println(
          "Joined the open incident "
              + id
              + ": your report is on its timeline; no second recovery starts.");
    }
    out.println(
        (joining ? "Incident " : "Started ")
            + id
            + " ("
            + procedure.workflowType()
            + " of "
            + request.service()
            + (request.dryRun() ? ", dry run" : "")
            + ")");
    String link = RunbookDefaults.uiLink(connection.namespace(), id);
    if (link != null) {
      out.println("Temporal UI: " + link);
    }
    out.flush();
  }

  /** The commands that follow, decide or approve the run, for a start without --watch. */
  private static void nextCommands(
      String id, boolean incident, RunbookProgress first, PrintWriter out) {
    out.println("Follow it:   ./runbook watch " + id);
    if (incident) {
      out.println(
          "Decide:      ./runbook decide "
              + id
              + " --procedure "
              + String.join("|", dev.drrunbooks.incident.Recoveries.NAMES)
              + " --as <name>");
      out.println("Note:        ./runbook note " + id + " \"what you see\" --as <name>");
      out.println("Report:      ./runbook report " + id);
      return;
    }
    boolean hasGates =
        first == null
            || first.steps().stream()
                .anyMatch(s -> s.kind() == dev.drrunbooks.runbook.StepKind.GATE);
    if (hasGates) {
      out.println("Approve:     ./runbook approve " + id + " --as <name>   (when a gate waits)");
    }
  }

  /** The request record from the parsed options, through its canonical constructor. */
  static RunbookRequest request(
      Procedure procedure, RecordComponent[] components, CommandSpec spec) {
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      OptionSpec option = spec.findOption(optionName(c));
      Object value = option == null ? null : option.getValue();
      values[i] = value == null && c.getType() == boolean.class ? false : value;
    }
    try {
      Constructor<? extends RunbookRequest> canonical =
          procedure
              .requestType()
              .getDeclaredConstructor(
                  Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new CliException(ExitCode.BAD_INPUT, "invalid request: " + e.getCause().getMessage());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          procedure.requestType() + " is not a record with a canonical constructor", e);
    }
  }

  /** The option for a request field: the common names people expect, else kebab-case. */
  private static String optionName(RecordComponent c) {
    return COMMON_OPTIONS.getOrDefault(c.getName(), "--" + kebab(c.getName()));
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }

  /**
   * Null once a worker has started the run's first task; else, after a few seconds, since when the
   * run has waited for one.
   */
  private static java.time.Instant awaitWorker(RunbookClient client, String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      java.time.Instant since = client.pendingWorkflowTaskSince(id);
      if (since == null || System.nanoTime() > deadline) {
        return since;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return since;
      }
    }
  }

  /**
   * Waits (a bounded time) until the run is past its read-only checks, where every refusal happens
   * (unknown service, refused revision): it ended, waits for a person, reached its first gate, or
   * finished every required step.
   */
  private static RunbookProgress awaitChecks(RunbookClient client, String id) {
    long deadline = System.nanoTime() + FIRST_STEP_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        RunbookProgress p = client.progress(id);
        boolean atGate =
            p.steps().stream()
                .anyMatch(
                    s ->
                        s.kind() == dev.drrunbooks.runbook.StepKind.GATE
                            && s.status() != StepStatus.PENDING);
        // Refusals come from the required steps (profile, the service, the revision): once they
        // are all done, a run without gates (a validation) is past its checks too.
        List<StepView> required =
            p.steps().stream()
                .filter(s -> s.kind() == dev.drrunbooks.runbook.StepKind.STEP && !s.skippable())
                .toList();
        boolean pastChecks =
            atGate
                || (!required.isEmpty()
                    && required.stream().allMatch(s -> s.status() == StepStatus.DONE));
        if (p.status().finished() || p.status() != RunStatus.RUNNING || pastChecks) {
          return p;
        }
      } catch (CliException e) {
        if (e.exitCode() != ExitCode.REFUSED) {
          throw e;
        }
        // The query timed out: no worker yet. Keep waiting until the deadline.
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private StartCommand() {}
}
