package dev.drrunbooks.runbook;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * A run's approval gates: which wait, the one-time ticket of each opening (carried by its chat
 * buttons), and the decisions taken. Who may decide is decided here, with the run's own profile.
 */
final class Gates {

  private final Timeline timeline;
  private final Set<String> waiting = new LinkedHashSet<>();
  private final Map<String, String> tickets = new HashMap<>();
  private final Map<String, ApprovalRecord> decisions = new HashMap<>();
  private final List<ApprovalRecord> approvals = new ArrayList<>();

  Gates(Timeline timeline) {
    this.timeline = timeline;
  }

  /** A gate the profile's policy approves: recorded like a person's decision, without a wait. */
  void approveByPolicy(String id, String reason) {
    approvals.add(new ApprovalRecord(id, "policy", Decision.APPROVE, reason, Timeline.now()));
    timeline.record(Type.STEP_STARTED, id, Runbook.RUNBOOK_ACTOR, null, Map.of());
    timeline.record(
        Type.GATE_DECIDED,
        id,
        "policy",
        "approved by policy: " + reason,
        Map.of(TimelineEvent.DECISION, Decision.APPROVE.name()));
  }

  /** Opens the gate: it waits from now, with a fresh ticket. */
  void open(String id, String question) {
    waiting.add(id);
    tickets.put(id, ticket(id, Workflow.currentTimeMillis()));
    timeline.record(Type.GATE_WAITING, id, Runbook.RUNBOOK_ACTOR, question, Map.of());
  }

  /** The ticket of the opening that waits now, or null. */
  String ticket(String gate) {
    return tickets.get(gate);
  }

  /**
   * Waits for the decision, reminding while nobody decides. A cancel closes the gate and goes on.
   */
  ApprovalRecord await(String id, Duration interval, LongConsumer remind) {
    try {
      Reminders.await(interval, () -> decisions.containsKey(id), remind);
    } catch (CanceledFailure canceled) {
      waiting.remove(id);
      tickets.remove(id);
      throw canceled;
    }
    return decisions.remove(id);
  }

  /**
   * Rejects an approval that does not fit this run, before anything is recorded: a name typed in
   * the CLI or the UI must be one of the profile's approvers; a chat user must be mapped to one in
   * its {@code approverChatIds}, and the click must carry the ticket issued when the gate opened.
   */
  void validate(ApprovalRequest request, ServiceProfile profile) {
    if (request != null && request.clickedInChat()) {
      validateChatClick(request, profile);
      return;
    }
    if (request == null || isBlank(request.approver())) {
      throw new IllegalArgumentException(
          "approve needs the approver's name, e.g. {\"gate\":\"...\",\"approver\":\"...\"}");
    }
    String gate = gateOf(request);
    if (!profile.allowsApprover(request.approver())) {
      throw new IllegalArgumentException(
          "approver '"
              + request.approver()
              + "' is not allowed to approve gate "
              + gate
              + " for service "
              + profile.name()
              + "; allowed: "
              + String.join(", ", profile.approvers()));
    }
  }

  private void validateChatClick(ApprovalRequest request, ServiceProfile profile) {
    if (isBlank(request.gate()) || isBlank(request.ticket())) {
      throw new IllegalArgumentException(
          "a decision from " + request.chat() + " must name the gate and carry its ticket");
    }
    String gate = gateOf(request);
    if (!request.ticket().equals(tickets.get(gate))) {
      throw new IllegalArgumentException(
          "this button was issued for another opening of gate "
              + gate
              + ": only the buttons of the notification sent when it last opened decide it");
    }
    if (mappedChatUser(request, profile) == null) {
      throw new IllegalArgumentException(
          request.chat()
              + " user "
              + String.join(" / ", chatIds(request))
              + " is not mapped to an approver of service "
              + profile.name()
              + " (approverChatIds)");
    }
  }

  /** Takes a validated decision: the gate closes, its ticket is spent, the timeline says who. */
  ApprovalRecord decide(ApprovalRequest request, ServiceProfile profile) {
    String gate = gateOf(request);
    String approver = request.approver();
    String via = request.via();
    if (request.clickedInChat()) {
      String user = mappedChatUser(request, profile);
      approver = profile.approverForChatUser(request.chat(), user);
      via = request.chat() + ":" + user;
    }
    ApprovalRecord decision =
        new ApprovalRecord(
            gate, approver, request.decisionOrDefault(), request.comment(), Timeline.now());
    approvals.add(decision);
    waiting.remove(gate);
    tickets.remove(gate);
    decisions.put(gate, decision);
    String verb = decision.decision() == Decision.REJECT ? "rejected by " : "approved by ";
    timeline.record(
        Type.GATE_DECIDED,
        gate,
        decision.approver(),
        verb + decision.approver() + (decision.comment() == null ? "" : ": " + decision.comment()),
        Timeline.decisionFacts(decision.decision().name(), via));
    return decision;
  }

  /** The run is over: no gate waits any more. */
  void closeAll() {
    waiting.clear();
  }

  List<ApprovalRecord> approvals() {
    return List.copyOf(approvals);
  }

  private String gateOf(ApprovalRequest request) {
    if (isBlank(request.gate())) {
      return timeline.onlyOneWaiting(
          waiting,
          "no gate of this run is waiting for approval",
          "gates",
          "are waiting for approval; name the one you decide (--gate)");
    }
    if (!timeline.has(request.gate()) || timeline.def(request.gate()).kind() != StepKind.GATE) {
      throw new IllegalArgumentException(
          "unknown gate '"
              + request.gate()
              + "'; this run's gates: "
              + String.join(
                  ", ",
                  timeline.steps().stream()
                      .filter(s -> s.kind() == StepKind.GATE)
                      .map(Step::id)
                      .toList()));
    }
    if (!waiting.contains(request.gate())) {
      throw new IllegalArgumentException(
          "gate '"
              + request.gate()
              + "' is not waiting for approval (it is "
              + timeline.statusOf(request.gate())
              + ")");
    }
    return request.gate();
  }

  /**
   * The ticket of one opening of a gate: derived from this run's id (which the server chose at
   * random), the gate and when it opened, so it is the same on every replay and differs for every
   * opening and every run. It binds a button to that opening; the chat's signature proves who
   * clicked. (Not from {@code Workflow.randomUUID}: that would shift the ids of later activities.)
   */
  private static String ticket(String gate, long openedAtMillis) {
    String opening = Workflow.getInfo().getRunId() + "|" + gate + "|" + openedAtMillis;
    return UUID.nameUUIDFromBytes(opening.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The clicking user's first chat id that the run's own profile maps to an approver, or null. */
  private static String mappedChatUser(ApprovalRequest request, ServiceProfile profile) {
    return chatIds(request).stream()
        .filter(id -> profile.approverForChatUser(request.chat(), id) != null)
        .findFirst()
        .orElse(null);
  }

  /** The chat user's ids, and only those that say something. */
  private static List<String> chatIds(ApprovalRequest request) {
    return request.chatUserIds() == null
        ? List.of()
        : request.chatUserIds().stream().filter(id -> !isBlank(id)).toList();
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
