package dev.drrunbooks.runbook;

import dev.drrunbooks.runbook.StepView.Attempt;
import dev.drrunbooks.runbook.TimelineEvent.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a run's timeline into its checklist, and derives the run's status from the steps. Pure
 * functions over values: the workflow, the CLI and reports all use the same fold, so what the UI
 * shows, what {@code progress()} returns and what a report says cannot drift apart.
 */
public final class Checklist {

  /**
   * The checklist after these events.
   *
   * @param plan the steps declared when the run started, in order
   * @param events the timeline so far
   * @param live transient one-line details of running steps ("1/2 running"), shown over the fold
   */
  public static List<StepView> fold(
      List<Step> plan, List<TimelineEvent> events, Map<String, String> live) {
    Map<String, Line> lines = new LinkedHashMap<>();
    plan.forEach(
        s -> lines.put(s.id(), new Line(s.id(), s.title(), s.kind(), null, s.skippable())));
    for (TimelineEvent e : events) {
      if (e.type() == Type.STEP_ADDED || e.type() == Type.CLEANUP_REGISTERED) {
        Line added =
            new Line(
                e.step(),
                e.fact(TimelineEvent.TITLE),
                StepKind.valueOf(e.fact(TimelineEvent.KIND)),
                e.fact(TimelineEvent.PROTECTS),
                !"false".equals(e.fact(TimelineEvent.SKIPPABLE)));
        insert(lines, added, e.fact(TimelineEvent.AFTER));
        continue;
      }
      Line line = e.step() == null ? null : lines.get(e.step());
      if (line == null) {
        continue;
      }
      line.apply(e);
    }
    List<StepView> views = new ArrayList<>(lines.size());
    for (Line line : lines.values()) {
      String detail = line.detail;
      if (line.status == StepStatus.RUNNING && live != null && live.containsKey(line.id)) {
        detail = live.get(line.id);
      }
      views.add(
          new StepView(
              line.id,
              line.title,
              line.kind,
              line.status,
              line.startedAt,
              line.endedAt,
              line.attempts,
              detail,
              List.copyOf(line.failures),
              Ordered.copy(line.evidence),
              line.awaitingDecision,
              line.childWorkflowId,
              line.protects,
              line.skippable));
    }
    return views;
  }

  /**
   * The status of a run that has not ended: a failed step waiting for a decision comes first, then
   * a gate waiting for approval (even while other steps run), else running.
   */
  public static RunStatus derive(List<StepView> steps) {
    if (steps.stream().anyMatch(StepView::awaitingDecision)) {
      return RunStatus.WAITING_FOR_OPERATOR;
    }
    if (steps.stream().anyMatch(s -> s.status() == StepStatus.WAITING_FOR_APPROVAL)) {
      return RunStatus.WAITING_FOR_APPROVAL;
    }
    return RunStatus.RUNNING;
  }

  private static void insert(Map<String, Line> lines, Line added, String after) {
    if (after == null || !lines.containsKey(after)) {
      lines.put(added.id, added);
      return;
    }
    List<Line> ordered = new ArrayList<>(lines.values());
    lines.clear();
    for (Line l : ordered) {
      lines.put(l.id, l);
      if (l.id.equals(after)) {
        lines.put(added.id, added);
      }
    }
  }

  private static final class Line {
    final String id;
    final String title;
    final StepKind kind;
    final String protects;
    final boolean skippable;
    StepStatus status = StepStatus.PENDING;
    Instant startedAt;
    Instant endedAt;
    int attempts;
    String detail;
    final List<Attempt> failures = new ArrayList<>();
    final Map<String, String> evidence = new LinkedHashMap<>();
    boolean awaitingDecision;
    String childWorkflowId;

    Line(String id, String title, StepKind kind, String protects, boolean skippable) {
      this.skippable = skippable;
      this.id = id;
      this.title = title;
      this.kind = kind;
      this.protects = protects;
    }

    void apply(TimelineEvent e) {
      switch (e.type()) {
        case STEP_STARTED -> {
          status = StepStatus.RUNNING;
          startedAt = e.at();
          endedAt = null;
          attempts++;
          detail = null;
          awaitingDecision = false;
        }
        case STEP_DONE -> {
          end(StepStatus.DONE, e);
          evidence.clear();
          if (e.facts() != null) {
            evidence.putAll(e.facts());
          }
        }
        case STEP_FAILED -> {
          end(StepStatus.FAILED, e);
          failures.add(
              new Attempt(
                  Math.max(1, attempts), e.at(), e.fact(TimelineEvent.FAILURE_TYPE), e.detail()));
          awaitingDecision = "true".equals(e.fact(TimelineEvent.AWAITING_DECISION));
        }
        case STEP_SKIPPED, CLEANUP_RELEASED -> {
          end(StepStatus.SKIPPED, e);
          if (startedAt == null) {
            startedAt = e.at();
          }
        }
        case STEP_CANCELED -> end(StepStatus.CANCELED, e);
        case CHILD_STARTED -> childWorkflowId = e.fact(TimelineEvent.WORKFLOW_ID);
        case GATE_WAITING -> {
          status = StepStatus.WAITING_FOR_APPROVAL;
          startedAt = e.at();
          attempts++;
          detail = e.detail();
        }
        case GATE_DECIDED ->
            end(
                "REJECT".equals(e.fact(TimelineEvent.DECISION))
                    ? StepStatus.FAILED
                    : StepStatus.DONE,
                e);
        case STEP_RESOLVED -> {
          awaitingDecision = false;
          String action = e.fact(TimelineEvent.DECISION);
          if ("SKIP".equals(action)) {
            end(StepStatus.SKIPPED, e);
          } else if ("ABORT".equals(action)) {
            end(StepStatus.FAILED, e);
          }
          // RETRY: the next STEP_STARTED moves the step on.
        }
        default -> {
          // Run-level events do not change a step.
        }
      }
    }

    private void end(StepStatus to, TimelineEvent e) {
      status = to;
      endedAt = e.at();
      detail = e.detail();
      awaitingDecision = false;
    }
  }

  private Checklist() {}
}
