package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.ApprovalRecord;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunbookProgress;
import dev.drrunbooks.runbook.RunbookRequest;
import dev.drrunbooks.runbook.RunbookSearchAttributes;
import dev.drrunbooks.runbook.StepResolution;
import dev.drrunbooks.runbook.StepResolutionRequest;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.text.Untrusted;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    this.client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                .setDataConverter(DATA_CONVERTER)
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
                .setDataConverter(DATA_CONVERTER)
                .build());
  }

  /**
   * Temporal's default converter, except that a record's null fields are left out of what is sent.
   * The runs refuse a field they do not know (a typo in the UI's JSON must not pass unseen), so a
   * CLI one release ahead of a running worker would otherwise stall the run on a field it only
   * added as null (it did: a new optional field of the sandbox command kept a worker's workflow
   * task failing). Left out, a null reads the same on both sides.
   */
  public static final io.temporal.common.converter.DataConverter DATA_CONVERTER =
      io.temporal.common.converter.DefaultDataConverter.newDefaultInstance()
          .withPayloadConverterOverrides(
              new io.temporal.common.converter.JacksonJsonPayloadConverter(
                  io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper()
                      .setSerializationInclusion(
                          com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)));

  /**
   * gRPC logs a failed name resolution with a stack trace through java.util.logging: silence it.
   */
  private static final java.util.logging.Logger GRPC_LOG = quiet("io.grpc");

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.OFF);
    return logger;
  }

  /** How long a first TCP connect may take before the server is called slow rather than absent. */
  /**
   * How long the TCP connection may take. A refused port or an unknown host is said at once; this
   * bounds only a connection that gets no answer, which on a machine running fifty CLI processes at
   * once can be this very process waiting for a CPU, not the server.
   */
  static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Opens a plain TCP connection first, so that an unknown host or a closed port is said at once
   * and in one line, and a server that does not answer in time is called slow, not unreachable.
   */
  static void preflight(String address) {
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : address;
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : 7233;
    } catch (NumberFormatException e) {
      throw new CliException(
          ExitCode.BAD_INPUT, "--address must be host:port (was '" + address + "')");
    }
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(host, port), (int) PREFLIGHT_TIMEOUT.toMillis());
    } catch (java.net.UnknownHostException e) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          "cannot reach the Temporal server at "
              + address
              + ": unknown host '"
              + host
              + "'. Check --address or TEMPORAL_ADDRESS.");
    } catch (java.net.SocketTimeoutException e) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          "the Temporal server at "
              + address
              + " did not accept a connection within "
              + PREFLIGHT_TIMEOUT.toMillis()
              + " ms (not refused): the server or the network path is slow, a firewall drops the"
              + " traffic, or this machine is too busy to run the command (load "
              + loadAverage()
              + "). Try again, or check the network path.");
    } catch (java.io.IOException e) {
      throw unreachable(address, e);
    }
  }

  /** This machine's load average and cores, so a starved client is not mistaken for the server. */
  static String loadAverage() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    return (load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f", load))
        + " on "
        + os.getAvailableProcessors()
        + " cores";
  }

  /** A plaintext connection (the embedded development server). */
  public static RunbookClient connect(String address, String namespace, String taskQueue) {
    return connect(TemporalConnection.plain(address, namespace), taskQueue);
  }

  /** A connection with the TLS, mTLS or API key {@code connection} carries. */
  public static RunbookClient connect(TemporalConnection connection, String taskQueue) {
    String address = connection.address();
    String namespace = connection.namespace();
    preflight(address);
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
      if (rootMessage(e).contains("DEADLINE_EXCEEDED")) {
        throw new CliException(
            ExitCode.UNREACHABLE,
            "the Temporal server at "
                + address
                + " accepted the connection but did not answer its health check within "
                + CONNECT_TIMEOUT.toSeconds()
                + " s: it is slow or overloaded, or this machine is too busy to run the command"
                + " (load "
                + loadAverage()
                + "). Try again.");
      }
      network.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw unreachable(address, e);
    }
  }

  public static CliException unreachable(String address, Throwable cause) {
    return new CliException(
        ExitCode.UNREACHABLE,
        "cannot reach the Temporal server at "
            + address
            + " ("
            + rootMessage(cause)
            + "). "
            + "Start one with './runbook dev', or point TEMPORAL_ADDRESS at yours.");
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
    return update(
        id,
        "nothing to decide",
        dev.drrunbooks.incident.IncidentResponseWorkflow.DECIDE,
        dev.drrunbooks.incident.IncidentDecision.class,
        request);
  }

  /** A note on an incident's timeline: the {@code addNote} update. */
  public dev.drrunbooks.incident.IncidentNote addNote(
      String id, dev.drrunbooks.incident.NoteRequest request) {
    return update(
        id,
        "the incident is closed; notes go on an open incident",
        dev.drrunbooks.incident.IncidentResponseWorkflow.ADD_NOTE,
        dev.drrunbooks.incident.IncidentNote.class,
        request);
  }

  /** How long a command waits for a run to take an update or a cancel before it says why not. */
  static final Duration TAKE_WITHIN = Duration.ofSeconds(10);

  /**
   * Sends an update and waits at most {@link #TAKE_WITHIN} for the run's answer. A run that does
   * not answer is not waited on in silence: its history says whether its workflow code fails at
   * every attempt or no worker has picked it up, and the command says so (exit 7 or 6).
   */
  private <T> T update(String id, String ifClosed, String name, Class<T> answer, Object request) {
    requireRunning(id, ifClosed);
    // On a thread of its own: the SDK's blocking calls use the common pool, which one waiting
    // update would hold (on 2 cores it has one thread), and the history could not be read.
    java.util.concurrent.CompletableFuture<T> sent = new java.util.concurrent.CompletableFuture<>();
    Thread sender =
        new Thread(
            () -> {
              try {
                sent.complete(
                    call(
                        id, () -> client.newUntypedWorkflowStub(id).update(name, answer, request)));
              } catch (RuntimeException e) {
                sent.completeExceptionally(e);
              }
            },
            "runbook-update");
    sender.setDaemon(true);
    sender.start();
    long deadline = System.nanoTime() + TAKE_WITHIN.toNanos();
    try {
      while (true) {
        try {
          return sent.get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException slow) {
          // A run whose code fails at every attempt will never answer: say so at once.
          if (System.nanoTime() > deadline || historyFacts(id).codeFailing()) {
            sent.cancel(true);
            throw notTaken(id, "the " + name + " update");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.NOT_TAKEN, "interrupted while run " + id + " answered");
    } catch (java.util.concurrent.ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException e) {
        throw e;
      }
      throw new CliException(ExitCode.REFUSED, rootMessage(failed));
    }
  }

  /** Why a run did not take what was sent within {@link #TAKE_WITHIN}, as the command's error. */
  private CliException notTaken(String id, String what) {
    RunHistoryFacts facts = historyFacts(id);
    if (facts.codeFailing()) {
      return new CliException(
          ExitCode.NOT_TAKEN, what + " was not taken: " + facts.codeFailingMessage(id));
    }
    Instant waiting = facts.taskScheduledUnstarted();
    if (waiting != null && waiting.plus(WORKER_GRACE).isBefore(Instant.now())) {
      return new CliException(
          ExitCode.NO_WORKER,
          what.equals("the cancel")
              ? "the cancel is recorded, and run "
                  + id
                  + " takes it as soon as a worker picks it up; none has on task queue '"
                  + taskQueue
                  + "' since "
                  + waiting.truncatedTo(ChronoUnit.SECONDS)
                  + ". Start './runbook worker', or end the run now without its undo steps:"
                  + " './runbook terminate "
                  + id
                  + " --as <name> --reason <why> --force'"
              : noWorkerMessage(id, waiting));
    }
    return new CliException(
        ExitCode.NOT_TAKEN,
        "run "
            + id
            + " did not answer "
            + what
            + " within "
            + TAKE_WITHIN.toSeconds()
            + " s; it may still take it: './runbook status "
            + id
            + "' shows whether it did");
  }

  /**
   * An incident's report: the result of a closed incident (read from its history, no worker
   * needed), or the draft a running one answers with.
   */
  public dev.drrunbooks.incident.IncidentReport incidentReport(String id) {
    if (status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return call(
          id,
          () ->
              client
                  .newUntypedWorkflowStub(id)
                  .getResult(dev.drrunbooks.incident.IncidentReport.class));
    }
    return answered(
        id,
        () ->
            queries
                .newUntypedWorkflowStub(id)
                .query("report", dev.drrunbooks.incident.IncidentReport.class));
  }

  /** A finished drill's report, from its result (no worker needed). */
  public dev.drrunbooks.drill.DrillReport drillReport(String id) {
    return call(
        id,
        () -> {
          try {
            return client
                .newUntypedWorkflowStub(id)
                .getResult(dev.drrunbooks.drill.DrillReport.class);
          } catch (io.temporal.client.WorkflowFailedException failed) {
            throw new CliException(
                ExitCode.RUN_FAILED, "drill " + id + " failed: " + failed.getCause().getMessage());
          }
        });
  }

  /**
   * The checklists of the children a run is running now (an incident's recovery and validation), so
   * a watch shows them under their parent; a child no worker answers for is left out.
   */
  public List<RunbookProgress> activeChildren(RunbookProgress parent) {
    List<RunbookProgress> children = new java.util.ArrayList<>();
    for (dev.drrunbooks.runbook.StepView s : parent.steps()) {
      if (s.childWorkflowId() != null && !s.status().finished()) {
        try {
          RunbookProgress child = progressIfAnswered(s.childWorkflowId());
          if (child != null) {
            children.add(child);
          }
        } catch (CliException gone) {
          // Ended between the two looks: the parent's line says how.
        }
      }
    }
    return children;
  }

  /**
   * Marks a revision known-bad or removes the mark, through the worker (which holds the AWS
   * credentials), and waits for the answer. Refusals (approver not allowed, unknown revision) are
   * bad input: nothing was changed.
   */
  public dev.drrunbooks.service.ServiceChange tagRevision(
      dev.drrunbooks.rollback.RevisionTagRequest request) {
    requireValid(request.problems());
    String id =
        "revision-tag/"
            + request.service()
            + "/"
            + request.revision()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    return runTool(
        dev.drrunbooks.rollback.RevisionTagWorkflow.TYPE,
        id,
        request,
        dev.drrunbooks.service.ServiceChange.class);
  }

  /** Shows, breaks or resets the worker's practice sandbox, through Temporal. */
  public String controlSandbox(dev.drrunbooks.sandbox.SandboxCommand command) {
    requireValid(command.problems());
    String id =
        "sandbox/"
            + command.serviceOrDefault()
            + "/"
            + command.action()
            + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    return runTool(dev.drrunbooks.sandbox.SandboxControlWorkflow.TYPE, id, command, String.class);
  }

  /**
   * Runs one of the short tool workflows (revision tags, the sandbox) and waits for its answer. A
   * refusal (bad input, unknown service or revision) is exit 2: nothing was changed.
   */
  private <T> T runTool(String type, String id, Object input, Class<T> resultType) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            type,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(5))
                .build());
    return call(
        id,
        () -> {
          stub.start(input);
          try {
            return stub.getResult(60, java.util.concurrent.TimeUnit.SECONDS, resultType);
          } catch (java.util.concurrent.TimeoutException e) {
            throw new CliException(
                ExitCode.NO_WORKER,
                "no answer within 60 s from a worker on task queue "
                    + taskQueue
                    + " (run "
                    + id
                    + "); is './runbook worker' running?");
          } catch (io.temporal.client.WorkflowFailedException e) {
            String failure =
                e.getCause() instanceof io.temporal.failure.ApplicationFailure app
                    ? app.getType()
                    : null;
            boolean refused =
                dev.drrunbooks.runbook.FailureTypes.INVALID_INPUT.equals(failure)
                    || dev.drrunbooks.service.ServiceChecks.UNKNOWN_REVISION.equals(failure)
                    || dev.drrunbooks.profile.ProfileActivities.UNKNOWN_SERVICE.equals(failure);
            throw new CliException(
                refused ? ExitCode.BAD_INPUT : ExitCode.RUN_FAILED,
                (refused ? "refused: " : "failed: ") + rootMessage(e));
          }
        });
  }

  /**
   * Signals who cancels and why, then asks Temporal to cancel the run. Refused when the run has
   * already ended.
   */
  /**
   * Asks the run to cancel, then watches its history for at most {@link #TAKE_WITHIN} until the
   * run's code has seen the request (it then undoes and ends CANCELED on its own time); a run that
   * does not take it is said, with why (exit 7 or 6). The request stays recorded either way.
   */
  public void cancel(String id, dev.drrunbooks.runbook.CancelRequest request) {
    requireRunning(id, "nothing to cancel");
    requireDecider(id, request.actor(), "cancel");
    call(
        id,
        () -> {
          WorkflowStub stub = client.newUntypedWorkflowStub(id);
          stub.signal(dev.drrunbooks.runbook.RunbookWorkflow.CANCEL_REASON, request);
          stub.cancel("by " + request.describe());
          return null;
        });
    long deadline = System.nanoTime() + TAKE_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      RunHistoryFacts facts = historyFacts(id);
      if (facts.cancelTaken() || facts.codeFailing()) {
        if (facts.codeFailing()) {
          throw notTaken(id, "the cancel");
        }
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw notTaken(id, "the cancel");
  }

  /** Ends the run on the server at once; its code does not run again (no undo). */
  public void terminate(String id, String actor, String reason) {
    requireRunning(id, "nothing to terminate");
    requireDecider(id, actor, "terminate");
    call(
        id,
        () -> {
          client.newUntypedWorkflowStub(id).terminate(reason);
          return null;
        });
  }

  /** One run as the server lists it. */
  public record RunSummary(
      String workflowId,
      String runId,
      String type,
      String status,
      Instant started,
      Instant closed,
      String service) {}

  /**
   * Past and current runs, newest first, at most {@code limit}: through the visibility query API
   * where the server has it, else (the embedded test server) through the older open/closed lists,
   * filtered here. Only the runbooks' own workflow types are listed.
   */
  public List<RunSummary> list(String service, Boolean open, int limit) {
    var stub =
        this.service.blockingStub().withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS);
    List<io.temporal.api.workflow.v1.WorkflowExecutionInfo> infos = new java.util.ArrayList<>();
    try {
      StringBuilder query = new StringBuilder("RunbookProcedure IS NOT NULL");
      if (service != null) {
        query.append(" AND RunbookService = '").append(service.replace("'", "")).append("'");
      }
      if (open != null) {
        query.append(
            open ? " AND ExecutionStatus = 'Running'" : " AND ExecutionStatus != 'Running'");
      }
      infos.addAll(
          stub.listWorkflowExecutions(
                  io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace)
                      .setQuery(query.toString())
                      .setPageSize(limit)
                      .build())
              .getExecutionsList());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw fromStatus("(list)", e);
      }
      if (open == null || open) {
        infos.addAll(
            stub.listOpenWorkflowExecutions(
                    io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest
                        .newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(limit)
                        .build())
                .getExecutionsList());
      }
      if (open == null || !open) {
        infos.addAll(
            stub.listClosedWorkflowExecutions(
                    io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest
                        .newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(limit)
                        .build())
                .getExecutionsList());
      }
    }
    java.util.Set<String> types =
        new java.util.HashSet<>(
            dev.drrunbooks.procedures.ProcedureCatalog.ALL.stream()
                .map(dev.drrunbooks.runbook.Procedure::workflowType)
                .toList());
    return infos.stream()
        .filter(i -> types.contains(i.getType().getName()))
        .map(this::summary)
        .filter(r -> service == null || service.equals(r.service()))
        .sorted(java.util.Comparator.comparing(RunSummary::started).reversed())
        .limit(limit)
        .toList();
  }

  private RunSummary summary(io.temporal.api.workflow.v1.WorkflowExecutionInfo info) {
    var attributes = info.getSearchAttributes().getIndexedFieldsMap();
    if (attributes.isEmpty()) {
      // The embedded test server lists runs without their search attributes; describe has them.
      attributes =
          service
              .blockingStub()
              .describeWorkflowExecution(
                  io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(info.getExecution())
                      .build())
              .getWorkflowExecutionInfo()
              .getSearchAttributes()
              .getIndexedFieldsMap();
    }
    String runbookStatus = keyword(attributes.get("RunbookStatus"));
    String serverStatus = info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    return new RunSummary(
        info.getExecution().getWorkflowId(),
        info.getExecution().getRunId(),
        info.getType().getName(),
        // The run's own status (REFUSED, WAITING_FOR_APPROVAL...) while the server agrees it is
        // open or it ended by itself; the server's when it terminated or timed out the run.
        runbookStatus != null
                && !serverStatus.equals("TERMINATED")
                && !serverStatus.equals("TIMED_OUT")
            ? runbookStatus
            : serverStatus,
        Instant.ofEpochSecond(info.getStartTime().getSeconds()),
        info.hasCloseTime() ? Instant.ofEpochSecond(info.getCloseTime().getSeconds()) : null,
        keyword(attributes.get("RunbookService")));
  }

  private static String keyword(io.temporal.api.common.v1.Payload payload) {
    if (payload == null) {
      return null;
    }
    Object value =
        io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            payload, Object.class, Object.class);
    if (value instanceof java.util.List<?> list) {
      return list.isEmpty() ? null : String.valueOf(list.get(0));
    }
    return value == null ? null : value.toString();
  }

  /** The checklist of one run of a workflow id, current or past. */
  public RunbookProgress progress(String id, String runId) {
    if (runId == null) {
      return progress(id);
    }
    return answered(
            id,
            () ->
                queries
                    .newUntypedWorkflowStub(
                        id, java.util.Optional.of(runId), java.util.Optional.empty())
                    .query(dev.drrunbooks.runbook.RunbookWorkflow.PROGRESS, RunbookProgress.class))
        .asOf(Instant.now());
  }

  /**
   * Who polls the task queue, as the server saw them in the last minutes ({@code
   * DescribeTaskQueue}, workflow and activity pollers): one line each, identity and when last seen.
   * Null where the server has no such API (Temporal's Java test server): ask the probe instead.
   */
  public List<String> pollers() {
    var stub = service.blockingStub().withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS);
    List<String> seen = new ArrayList<>();
    try {
      for (var type :
          List.of(
              io.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
              io.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)) {
        var answer =
            stub.describeTaskQueue(
                io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest.newBuilder()
                    .setNamespace(namespace)
                    .setTaskQueue(
                        io.temporal.api.taskqueue.v1.TaskQueue.newBuilder().setName(taskQueue))
                    .setTaskQueueType(type)
                    .build());
        for (var poller : answer.getPollersList()) {
          long ago =
              Math.max(0, Instant.now().getEpochSecond() - poller.getLastAccessTime().getSeconds());
          seen.add(
              (type == io.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
                      ? "workflow"
                      : "activity")
                  + " poller "
                  + poller.getIdentity()
                  + ", seen "
                  + ago
                  + " s ago");
        }
      }
      return seen;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return null;
      }
      throw fromStatus("(describe task queue " + taskQueue + ")", e);
    }
  }

  /** How long {@code doctor} waits for a worker to answer its probe. */
  static final Duration DOCTOR_WAIT = Duration.ofSeconds(15);

  /**
   * Runs the {@code Doctor} probe: a worker on the task queue must pick it up and report on itself.
   * Null when none started it within a few seconds or answered within {@link #DOCTOR_WAIT}; the
   * probe is then terminated, so it leaves nothing behind.
   */
  public dev.drrunbooks.doctor.WorkerReport probeWorker(dev.drrunbooks.doctor.DoctorRequest what) {
    String id = "doctor/" + UUID.randomUUID();
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            dev.drrunbooks.doctor.DoctorWorkflow.TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                .build());
    return call(
        id,
        () -> {
          stub.start(what);
          long deadline = System.nanoTime() + DOCTOR_WAIT.toNanos();
          try {
            while (System.nanoTime() < deadline) {
              if (waitingForWorkerSince(id) != null) {
                return null;
              }
              try {
                return stub.getResult(
                    1,
                    java.util.concurrent.TimeUnit.SECONDS,
                    dev.drrunbooks.doctor.WorkerReport.class);
              } catch (java.util.concurrent.TimeoutException e) {
                // not yet: look again
              }
            }
            return null;
          } finally {
            try {
              if (status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                stub.terminate("runbook doctor: no worker answered");
              }
            } catch (RuntimeException ignored) {
              // the probe times out by itself within a minute
            }
          }
        });
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

  /**
   * The run's checklist, its elapsed time computed now (the query's stands still while it waits).
   */
  public RunbookProgress progress(String id) {
    return answered(
            id,
            () ->
                queries
                    .newUntypedWorkflowStub(id)
                    .query(dev.drrunbooks.runbook.RunbookWorkflow.PROGRESS, RunbookProgress.class))
        .asOf(Instant.now());
  }

  /**
   * A query's answer. Asked first, since a live worker answers in milliseconds; only when it goes
   * unanswered (within {@link #QUERY_TIMEOUT}) is the history read to say why: a run no worker has
   * picked up is {@link ExitCode#NO_WORKER} with the queue and since when.
   */
  private <T> T answered(String id, Supplier<T> query) {
    try {
      return call(id, query);
    } catch (CliException e) {
      if (e.exitCode() == ExitCode.REFUSED) {
        RunHistoryFacts facts = historyFacts(id);
        if (facts.codeFailing()) {
          throw new CliException(ExitCode.NOT_TAKEN, facts.codeFailingMessage(id));
        }
        Instant waiting = facts.taskScheduledUnstarted();
        if (waiting != null && waiting.plus(WORKER_GRACE).isBefore(Instant.now())) {
          throw new CliException(ExitCode.NO_WORKER, noWorkerMessage(id, waiting));
        }
        if (facts.closed() != null) {
          throw new CliException(
              facts.closed().startsWith("COMPLETED") ? ExitCode.OK : ExitCode.RUN_FAILED,
              "run "
                  + id
                  + " is "
                  + Untrusted.line(facts.closed())
                  + "; no worker answered for its checklist, its history is in the Temporal UI");
        }
      }
      throw e;
    }
  }

  /**
   * The progress, or null while no worker answers the query (e.g. the worker is restarting). A run
   * that has ended and that no worker can answer for is reported by its server-side status.
   */
  public RunbookProgress progressIfAnswered(String id) {
    RunbookProgress p;
    try {
      p = progress(id);
    } catch (CliException e) {
      // A run that has ended, or whose code fails, is said by answered() from its history. What
      // is left unanswered here waits for a worker, or for a busy one: look again.
      if (e.exitCode() == ExitCode.NO_WORKER
          || (e.exitCode() == ExitCode.REFUSED
              && status(id) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)) {
        return null;
      }
      throw e;
    }
    String closed = closedOnServer(id, p);
    if (closed != null) {
      throw new CliException(
          ExitCode.RUN_FAILED,
          "run "
              + id
              + " is "
              + closed
              + " on the server; its checklist stopped at "
              + p.status()
              + " (a terminated run runs no more code: nothing was undone)");
    }
    return p;
  }

  /**
   * The server-side end of a run whose checklist does not show one (terminated, timed out), or
   * null: a terminated run's code never runs again, so its checklist cannot say it ended.
   */
  public String closedOnServer(String id, RunbookProgress p) {
    if (p.status().finished()) {
      return null;
    }
    WorkflowExecutionStatus status = status(id);
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return null;
    }
    String closed = historyFacts(id).closed();
    return closed != null
        ? Untrusted.line(closed)
        : status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  public WorkflowExecutionStatus status(String id) {
    return call(id, () -> client.newUntypedWorkflowStub(id).describe().getStatus());
  }

  public ApprovalRecord approve(String id, ApprovalRequest request) {
    return update(
        id,
        "nothing to approve",
        dev.drrunbooks.runbook.RunbookWorkflow.APPROVE,
        ApprovalRecord.class,
        request);
  }

  public StepResolution resolveStep(String id, StepResolutionRequest request) {
    return update(
        id,
        "no step to resolve",
        dev.drrunbooks.runbook.RunbookWorkflow.RESOLVE_STEP,
        StepResolution.class,
        request);
  }

  /** Search attributes the runbooks upsert that the server does not know yet. */
  public List<String> missingSearchAttributes() {
    OperatorServiceStubs operator = operator();
    try {
      Map<String, IndexedValueType> existing = existing(operator);
      if (existing == null) {
        return List
            .of(); // cannot tell; registration on such a server is done by the embedded dev server
      }
      return RunbookSearchAttributes.ALL.stream()
          .map(k -> k.getName())
          .filter(n -> !existing.containsKey(n))
          .toList();
    } catch (StatusRuntimeException e) {
      return List.of();
    } finally {
      operator.shutdown();
    }
  }

  private OperatorServiceStubs operator() {
    return OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder()
            .setChannel(service.getRawChannel())
            .validateAndBuildWithDefaults());
  }

  /**
   * The custom search attributes the server has; null when it cannot list them (the test server).
   */
  private Map<String, IndexedValueType> existing(OperatorServiceStubs operator) {
    try {
      return operator
          .blockingStub()
          .listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Registers the runbooks' search attributes that are missing; running it twice changes nothing.
   */
  public List<String> registerSearchAttributes() {
    OperatorServiceStubs operator = operator();
    try {
      Map<String, IndexedValueType> existing =
          Objects.requireNonNullElse(existing(operator), Map.of());
      List<String> added = new ArrayList<>();
      AddSearchAttributesRequest.Builder request =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      RunbookSearchAttributes.ALL.stream()
          .filter(key -> !existing.containsKey(key.getName()))
          .forEach(
              key -> {
                request.putSearchAttributes(
                    key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
                added.add(key.getName());
              });
      if (!added.isEmpty()) {
        try {
          operator.blockingStub().addSearchAttributes(request.build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
          return List.of();
        }
      }
      return added;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        throw unreachable(address, e);
      }
      throw new CliException(
          ExitCode.REFUSED, "the server refused to register search attributes: " + e.getStatus());
    } finally {
      operator.shutdown();
    }
  }

  /**
   * Cancel and terminate are decisions like an approval: the actor must be one of the approvers the
   * run wrote into its memo from its own profile (read from the server, so it works while no worker
   * runs). A run that has not loaded its profile yet has changed nothing: any named person may end
   * it.
   */
  private void requireDecider(String id, String actor, String what) {
    List<?> deciders =
        call(
            id,
            () ->
                (List<?>)
                    client
                        .newUntypedWorkflowStub(id)
                        .describe()
                        .getMemo(dev.drrunbooks.runbook.Runbook.DECIDERS_MEMO, List.class));
    if (deciders != null && !deciders.contains(actor)) {
      throw new CliException(
          ExitCode.REFUSED,
          "'"
              + actor
              + "' may not "
              + what
              + " run "
              + id
              + ": like approving a gate, ending a recovery is for its service's approvers ("
              + String.join(", ", deciders.stream().map(String::valueOf).toList())
              + ")");
    }
  }

  private void requireRunning(String id, String what) {
    WorkflowExecutionStatus status = status(id);
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new CliException(
          ExitCode.REFUSED,
          "run "
              + id
              + " has already finished ("
              + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
              + "); "
              + what);
    }
  }

  /** Runs a call and turns the SDK's failures into one-line messages with exit codes. */
  private <T> T call(String id, Supplier<T> call) {
    try {
      return call.get();
    } catch (CliException e) {
      throw e;
    } catch (WorkflowNotFoundException e) {
      throw new CliException(
          ExitCode.NOT_FOUND, "no run with id " + id + " in namespace " + namespace);
    } catch (WorkflowUpdateException e) {
      throw new CliException(ExitCode.REFUSED, "refused: " + firstLine(rootMessage(e)));
    } catch (StatusRuntimeException e) {
      throw fromStatus(id, e);
    } catch (io.temporal.client.WorkflowQueryException e) {
      throw new CliException(
          ExitCode.REFUSED,
          "no worker answered the progress query ("
              + firstLine(rootMessage(e))
              + "); is './runbook worker' running on task queue "
              + taskQueue
              + "?");
    } catch (io.temporal.client.WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw fromStatus(id, s);
      }
      throw new CliException(ExitCode.REFUSED, rootMessage(e));
    }
  }

  private CliException fromStatus(String id, StatusRuntimeException e) {
    return switch (e.getStatus().getCode()) {
      case NOT_FOUND ->
          new CliException(
              ExitCode.NOT_FOUND, "no run with id " + id + " in namespace " + namespace);
      case UNAVAILABLE -> unreachable(address, e);
      default ->
          new CliException(
              ExitCode.REFUSED, e.getStatus().getCode() + ": " + e.getStatus().getDescription());
    };
  }

  /** The first line of a message, at most 200 characters: a replay's failure carries its stack. */
  static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 199) + "…" : line;
  }

  static String rootMessage(Throwable t) {
    Throwable inner = t;
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
    }
    if (inner instanceof ApplicationFailure af) {
      return af.getOriginalMessage();
    }
    if (inner instanceof StatusRuntimeException s) {
      return s.getStatus().getCode()
          + (s.getStatus().getDescription() == null ? "" : ": " + s.getStatus().getDescription());
    }
    return String.valueOf(inner.getMessage());
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
