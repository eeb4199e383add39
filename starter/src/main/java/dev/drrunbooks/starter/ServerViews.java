package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.RunbookSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the CLI asks the server itself rather than a run: the runs it lists, who polls the task
 * queue, and the runbooks' search attributes (checked and registered).
 */
final class ServerViews {

  private final WorkflowServiceStubs service;
  private final String address;
  private final String namespace;
  private final String taskQueue;

  ServerViews(WorkflowServiceStubs service, String address, String namespace, String taskQueue) {
    this.service = service;
    this.address = address;
    this.namespace = namespace;
    this.taskQueue = taskQueue;
  }

  /**
   * Past and current runs, newest first, at most {@code limit}: through the visibility query API
   * where the server has it, else (the embedded test server) through the older open/closed lists,
   * filtered here. Only the runbooks' own workflow types are listed.
   */
  List<RunSummary> list(String serviceName, Boolean open, int limit) {
    var stub = service.blockingStub().withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS);
    List<io.temporal.api.workflow.v1.WorkflowExecutionInfo> infos = new java.util.ArrayList<>();
    try {
      StringBuilder query = new StringBuilder("RunbookProcedure IS NOT NULL");
      if (serviceName != null) {
        query.append(" AND RunbookService = '").append(serviceName.replace("'", "")).append("'");
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
        throw RunbookClient.fromStatus("(list)", e, namespace, address);
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
        .filter(r -> serviceName == null || serviceName.equals(r.service()))
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

  /**
   * Who polls the task queue, as the server saw them in the last minutes ({@code
   * DescribeTaskQueue}, workflow and activity pollers): one line each, identity and when last seen.
   * Null where the server has no such API (Temporal's Java test server): ask the probe instead.
   */
  List<String> pollers() {
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
      throw RunbookClient.fromStatus(
          "(describe task queue " + taskQueue + ")", e, namespace, address);
    }
  }

  /** Search attributes the runbooks upsert that the server does not know yet. */
  List<String> missingSearchAttributes() {
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
  List<String> registerSearchAttributes() {
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
        throw ServerConnection.unreachable(address, e);
      }
      throw new CliException(
          ExitCode.REFUSED, "the server refused to register search attributes: " + e.getStatus());
    } finally {
      operator.shutdown();
    }
  }
}
