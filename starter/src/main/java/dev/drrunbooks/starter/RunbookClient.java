package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.RunbookRequest;
import dev.drrunbooks.runbook.StepResolution;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.service.ServiceRef;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The CLI's view of the Temporal server: typed calls, and failures turned into plain messages. */
public final class RunbookClient implements AutoCloseable {

  /**
   * How long the server may take to answer its health check once the TCP connection is up. The
   * preflight has already shown the server reachable; what remains is a busy server, or this very
   * JVM starved of CPU (twenty CLI processes at once on two cores need tens of seconds): slow, not
   * unreachable, and worth waiting for rather than failing.
   */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long a query may go unanswered before the history is read to say why. A live worker answers
   * in milliseconds, a worker replaying a run it does not hold in a second or two; the SDK's
   * default of 10 s would leave the operator staring at nothing.
   */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(4);

  private final String address;
  private final String namespace;
  private final String taskQueue;
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final WorkflowClient queries;
  private final NioEventLoopGroup network;
  private final ServerViews server;
  private final ToolRuns tools;
  private final RunCommands commands;
  private final RunQueries reads;

  private RunbookClient(
      String address,
      String namespace,
      String taskQueue,
      WorkflowServiceStubs service,
      NioEventLoopGroup network) {
    this.network = network;
    this.address = address;
    this.namespace = namespace;
    this.taskQueue = taskQueue;
    this.service = service;
    this.server = new ServerViews(service, address, namespace, taskQueue);
    this.tools = new ToolRuns(this);
    this.commands = new RunCommands(this);
    this.client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                .setDataConverter(ServerConnection.DATA_CONVERTER)
                .build());
    // Queries on the same connection, each asked once with a short deadline: the SDK would retry a
    // query nobody answers for a minute, and the operator would wait that long to hear why.
    WorkflowServiceStubs queryStubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .setRpcQueryTimeout(QUERY_TIMEOUT)
                .setRpcRetryOptions(RpcRetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    this.queries =
        WorkflowClient.newInstance(
            queryStubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                .setDataConverter(ServerConnection.DATA_CONVERTER)
                .build());
    this.reads = new RunQueries(this, queries);
  }

  /** A plaintext connection (the embedded development server). */
  public static RunbookClient connect(String address, String namespace, String taskQueue) {
    return connect(TemporalConnection.plain(address, namespace), taskQueue);
  }

  /** A connection with the TLS, mTLS or API key {@code connection} carries. */
  public static RunbookClient connect(TemporalConnection connection, String taskQueue) {
    String address = connection.address();
    String namespace = connection.namespace();
    ServerConnection.preflight(address);
    // The client's own network thread, stopped on close: gRPC's shared one lingers a second
    // after its channel closes, and the JVM waits 300 ms at exit for any thread still in native
    // code. A third of a second on every command, gone.
    NioEventLoopGroup network = new NioEventLoopGroup(1);
    try {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newConnectedServiceStubs(
              connection
                  .stubsOptions()
                  .setChannelInitializer(
                      builder -> {
                        if (builder instanceof NettyChannelBuilder netty) {
                          netty.eventLoopGroup(network).channelType(NioSocketChannel.class);
                        }
                      })
                  .build(),
              CONNECT_TIMEOUT);
      return new RunbookClient(address, namespace, taskQueue, stubs, network);
    } catch (RuntimeException e) {
      if (ServerConnection.rootMessage(e).contains("DEADLINE_EXCEEDED")) {
        throw new CliException(
            ExitCode.UNREACHABLE,
            "the Temporal server at "
                + address
                + " accepted the connection but did not answer its health check within "
                + CONNECT_TIMEOUT.toSeconds()
                + " s: it is slow or overloaded, or this machine is too busy to run the command"
                + " (load "
                + ServerConnection.loadAverage()
                + "). Try again.");
      }
      network.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw ServerConnection.unreachable(address, e);
    }
  }

  /** Marks a revision known-bad or removes the mark, through the worker ({@link ToolRuns}). */
  public dev.drrunbooks.service.ServiceChange tagRevision(
      dev.drrunbooks.rollback.RevisionTagRequest request) {
    return tools.tagRevision(request);
  }

  /** Shows, breaks or resets the worker's practice sandbox, through Temporal. */
  public String controlSandbox(dev.drrunbooks.sandbox.SandboxCommand command) {
    return tools.controlSandbox(command);
  }

  /** The {@code Doctor} probe's report, or null when no worker answered ({@link ToolRuns}). */
  public dev.drrunbooks.doctor.WorkerReport probeWorker(dev.drrunbooks.doctor.DoctorRequest what) {
    return tools.probeWorker(what);
  }

  /**
   * Asks the run to cancel and waits at most {@link RunCommands#TAKE_WITHIN} until its code has
   * seen the request; a run that does not take it is said, with why (exit 7 or 6).
   */
  public void cancel(String id, dev.drrunbooks.runbook.CancelRequest request) {
    commands.cancel(id, request);
  }

  /** Ends a run at once, without its undo steps: for a run that cannot be canceled. */
  public void terminate(String id, String actor, String reason) {
    commands.terminate(id, actor, reason);
  }

  public WorkflowClient workflowClient() {
    return client;
  }

  /** How long a workflow task may wait unstarted before the run is said to wait for a worker. */
  static final Duration WORKER_GRACE = Duration.ofSeconds(3);

  /**
   * Since when the run waits for a worker: the schedule time of a workflow task that no worker has
   * started for longer than {@link #WORKER_GRACE}, or null. Read from the run's history, which any
   * server (the test server too) keeps: a worker that is down, or one polling another task queue,
   * shows here the moment the run needs it.
   */
  public Instant waitingForWorkerSince(String id) {
    Instant scheduled = pendingWorkflowTaskSince(id);
    return scheduled != null && scheduled.plus(WORKER_GRACE).isBefore(Instant.now())
        ? scheduled
        : null;
  }

  /** The schedule time of a workflow task no worker has started yet, or null when there is none. */
  public Instant pendingWorkflowTaskSince(String id) {
    return historyFacts(id).taskScheduledUnstarted();
  }

  /** What the run's history says that its own code cannot (see {@link RunHistoryFacts}). */
  RunHistoryFacts historyFacts(String id) {
    return RunHistoryFacts.of(call(id, () -> client.fetchHistory(id)).getHistory().getEventsList());
  }

  /** The one line that says a run waits for a worker, and what to do. */
  public String noWorkerMessage(String id, Instant since) {
    return "no worker has picked up run "
        + id
        + " on task queue '"
        + taskQueue
        + "' ("
        + address
        + ") since "
        + since.truncatedTo(ChronoUnit.SECONDS)
        + "; it waits until one does. Start './runbook worker' (or './runbook dev'), check"
        + " RUNBOOK_TASK_QUEUE, or give up with './runbook cancel "
        + id
        + " --as <name> --reason <why>'";
  }

  public String taskQueue() {
    return taskQueue;
  }

  /**
   * Starts a run of a procedure. A run that changes the service is named after the resource it
   * protects and started with the FAIL id-conflict policy, so the server refuses a second one while
   * the first runs; the refusal names the run that holds the resource.
   */
  public String start(Procedure procedure, RunbookRequest request, ServiceRef resource) {
    requireValid(request);
    String unique =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now())
            + "-"
            + UUID.randomUUID().toString().substring(0, 4);
    String id = procedure.workflowId(request, resource, unique);
    if (Procedure.INCIDENT_TYPE.equals(procedure.workflowType())) {
      return IncidentOpening.open(
              client, id, taskQueue, (dev.drrunbooks.incident.IncidentRequest) request)
          .id();
    }
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            procedure.workflowType(),
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    return call(
        id,
        () -> {
          try {
            stub.start(request);
            return id;
          } catch (WorkflowExecutionAlreadyStarted e) {
            throw new CliException(ExitCode.REFUSED, holder(id, resource));
          }
        });
  }

  /**
   * Opens the service's incident, or joins the one already open ({@link IncidentOpening}): two
   * reports at once still make one incident, and each is told which it did.
   */
  public IncidentOpening.Opened openIncident(RunbookRequest request, ServiceRef resource) {
    requireValid(request);
    String id = Procedure.incidentId(resource);
    return call(
        id,
        () ->
            IncidentOpening.open(
                client, id, taskQueue, (dev.drrunbooks.incident.IncidentRequest) request));
  }

  /** True when the run exists and is still running (an incident a new report would join). */
  public boolean isRunning(String id) {
    try {
      return status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (CliException e) {
      return false;
    }
  }

  /** The commander's decision on an incident: the {@code decide} update. */
  public dev.drrunbooks.incident.IncidentDecision decide(
      String id, dev.drrunbooks.incident.DecideRequest request) {
    return commands.update(
        id,
        "nothing to decide",
        dev.drrunbooks.incident.IncidentResponseWorkflow.DECIDE,
        dev.drrunbooks.incident.IncidentDecision.class,
        request);
  }

  /** A note on an incident's timeline: the {@code addNote} update. */
  public dev.drrunbooks.incident.IncidentNote addNote(
      String id, dev.drrunbooks.incident.NoteRequest request) {
    return commands.update(
        id,
        "the incident is closed; notes go on an open incident",
        dev.drrunbooks.incident.IncidentResponseWorkflow.ADD_NOTE,
        dev.drrunbooks.incident.IncidentNote.class,
        request);
  }

  /** Past and current runs, newest first, at most {@code limit} ({@link ServerViews#list}). */
  public List<RunSummary> list(String service, Boolean open, int limit) {
    return server.list(service, open, limit);
  }

  /** Who polls the task queue, or null where the server cannot say ({@link ServerViews}). */
  public List<String> pollers() {
    return server.pollers();
  }

  /** Search attributes the runbooks upsert that the server does not know yet. */
  public List<String> missingSearchAttributes() {
    return server.missingSearchAttributes();
  }

  /** Registers the missing search attributes; running it twice changes nothing. */
  public List<String> registerSearchAttributes() {
    return server.registerSearchAttributes();
  }

  /** Refuses a request with problems before anything is sent to the server. */
  public static void requireValid(RunbookRequest request) {
    requireValid(request.problems());
  }

  /** Refuses any request whose own check found problems: exit 2, nothing sent. */
  public static void requireValid(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new CliException(ExitCode.BAD_INPUT, "invalid request: " + String.join("; ", problems));
    }
  }

  /** Says which run holds a resource, for a refused start. */
  private String holder(String id, ServiceRef resource) {
    String what;
    try {
      var running = client.newUntypedWorkflowStub(id).describe();
      what =
          running.getWorkflowType()
              + " started "
              + running.getStartTime().truncatedTo(ChronoUnit.SECONDS);
    } catch (RuntimeException e) {
      what = "a recovery";
    }
    return resource
        + " is already being recovered by run "
        + id
        + " ("
        + what
        + "); follow it with './runbook watch "
        + id
        + "', or cancel it before starting another";
  }

  /** The incident's report, as it stands ({@link RunQueries}). */
  public dev.drrunbooks.incident.IncidentReport incidentReport(String id) {
    return reads.incidentReport(id);
  }

  /** The drill's report, once it has one. */
  public dev.drrunbooks.drill.DrillReport drillReport(String id) {
    return reads.drillReport(id);
  }

  /** The runs started by {@code parent} that are still open, deepest last. */
  public List<RunbookProgress> activeChildren(RunbookProgress parent) {
    return reads.activeChildren(parent);
  }

  /** The checklist of one run of a workflow id, current or past. */
  public RunbookProgress progress(String id, String runId) {
    return reads.progress(id, runId);
  }

  /** The checklist of the latest run of a workflow id; why not, when its worker cannot answer. */
  public RunbookProgress progress(String id) {
    return reads.progress(id);
  }

  /** The checklist when the run answers its query, else null and the history says why. */
  public RunbookProgress progressIfAnswered(String id) {
    return reads.progressIfAnswered(id);
  }

  /** How the server closed a run its code did not end (terminated, timed out), or null. */
  public String closedOnServer(String id, RunbookProgress p) {
    return reads.closedOnServer(id, p);
  }

  public WorkflowExecutionStatus status(String id) {
    return call(id, () -> client.newUntypedWorkflowStub(id).describe().getStatus());
  }

  public ApprovalRecord approve(String id, ApprovalRequest request) {
    return commands.update(
        id,
        "nothing to approve",
        dev.drrunbooks.runbook.RunbookWorkflow.APPROVE,
        ApprovalRecord.class,
        request);
  }

  public StepResolution resolveStep(String id, StepResolutionRequest request) {
    return commands.update(
        id,
        "no step to resolve",
        dev.drrunbooks.runbook.RunbookWorkflow.RESOLVE_STEP,
        StepResolution.class,
        request);
  }

  /** Runs a call and turns the SDK's failures into one-line messages with exit codes. */
  <T> T call(String id, Supplier<T> call) {
    try {
      return call.get();
    } catch (CliException e) {
      throw e;
    } catch (WorkflowNotFoundException e) {
      throw new CliException(
          ExitCode.NOT_FOUND, "no run with id " + id + " in namespace " + namespace);
    } catch (WorkflowUpdateException e) {
      throw new CliException(
          ExitCode.REFUSED,
          "refused: " + ServerConnection.firstLine(ServerConnection.rootMessage(e)));
    } catch (StatusRuntimeException e) {
      throw fromStatus(id, e);
    } catch (io.temporal.client.WorkflowQueryException e) {
      throw new CliException(
          ExitCode.REFUSED,
          "no worker answered the progress query ("
              + ServerConnection.firstLine(ServerConnection.rootMessage(e))
              + "); is './runbook worker' running on task queue "
              + taskQueue
              + "?");
    } catch (io.temporal.client.WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw fromStatus(id, s);
      }
      throw new CliException(ExitCode.REFUSED, ServerConnection.rootMessage(e));
    }
  }

  private CliException fromStatus(String id, StatusRuntimeException e) {
    return fromStatus(id, e, namespace, address);
  }

  /** A gRPC status as a one-line message with its exit code. */
  static CliException fromStatus(
      String id, StatusRuntimeException e, String namespace, String address) {
    return switch (e.getStatus().getCode()) {
      case NOT_FOUND ->
          new CliException(
              ExitCode.NOT_FOUND, "no run with id " + id + " in namespace " + namespace);
      case UNAVAILABLE -> ServerConnection.unreachable(address, e);
      default ->
          new CliException(
              ExitCode.REFUSED, e.getStatus().getCode() + ": " + e.getStatus().getDescription());
    };
  }

  @Override
  public void close() {
    // Now, not gracefully: a call left behind (an update the run did not take) would hold the
    // channel open for its whole long poll.
    service.shutdownNow();
    try {
      service.awaitTermination(1, TimeUnit.SECONDS);
      if (network != null) {
        network.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
