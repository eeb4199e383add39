package dev.drrunbooks.runbook;

import dev.drrunbooks.runbook.TimelineEvent.Type;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's plan and its append-only timeline (who, when, what), from which the checklist is folded.
 * Every event it records calls {@code onChange}, so the run's Markdown in the Temporal UI follows.
 */
final class Timeline {

  private static final int MAX_DETAIL = 1000;

  private final List<Step> plan;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private final List<TimelineEvent> events = new ArrayList<>();
  private final Map<String, String> live = new HashMap<>();
  private final String workflowType;
  private Runnable onChange = () -> {};

  Timeline(String workflowType, List<Step> plan) {
    this.workflowType = workflowType;
    this.plan = List.copyOf(plan);
    plan.forEach(s -> steps.put(s.id(), s));
  }

  void onChange(Runnable publish) {
    this.onChange = publish;
  }

  void record(Type type, String step, String actor, String detail, Map<String, String> facts) {
    events.add(
        new TimelineEvent(
            events.size() + 1,
            now(),
            type,
            step,
            actor,
            detail == null || detail.length() <= MAX_DETAIL
                ? detail
                : detail.substring(0, MAX_DETAIL - 1) + "…",
            Ordered.copy(facts)));
    onChange.run();
  }

  /** Adds a step to the plan: decided at run time, or an undo registered before its write. */
  void add(Step step, Type type, Map<String, String> facts) {
    if (steps.containsKey(step.id())) {
      throw new IllegalStateException("step '" + step.id() + "' is already in the plan");
    }
    steps.put(step.id(), step);
    record(type, step.id(), Runbook.RUNBOOK_ACTOR, step.title(), facts);
  }

  /** The step's definition; a step not in the plan is a bug in the workflow, not bad input. */
  Step def(String id) {
    Step s = steps.get(id);
    if (s == null) {
      throw new IllegalStateException("step '" + id + "' is not in the plan of " + workflowType);
    }
    return s;
  }

  boolean has(String id) {
    return steps.containsKey(id);
  }

  /** Step ids in plan order. */
  List<String> ids() {
    return List.copyOf(steps.keySet());
  }

  List<Step> steps() {
    return List.copyOf(steps.values());
  }

  List<StepView> views() {
    return Checklist.fold(plan, events, live);
  }

  /** A line of the checklist as the timeline has it now. */
  StepView view(String id) {
    return views().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  StepStatus statusOf(String id) {
    return steps.containsKey(id) ? view(id).status() : StepStatus.PENDING;
  }

  int attemptsOf(String id) {
    int n = 0;
    for (TimelineEvent e : events) {
      if (id.equals(e.step()) && e.type() == Type.STEP_STARTED) {
        n++;
      }
    }
    return n;
  }

  /** A running step's one-line detail ("1/2 running"), shown over the fold, not kept. */
  boolean detail(String id, String detail) {
    return !detail.equals(live.put(id, detail));
  }

  void endLive(String id) {
    live.remove(id);
  }

  /** The gate or step an update means when it names none: allowed only when exactly one waits. */
  String onlyOneWaiting(
      java.util.Set<String> waiting, String noneWaiting, String nouns, String severalWaiting) {
    if (waiting.size() == 1) {
      return waiting.iterator().next();
    }
    // In plan order, not in the order they happened to start waiting.
    List<String> inPlanOrder = steps.keySet().stream().filter(waiting::contains).toList();
    throw new IllegalArgumentException(
        waiting.isEmpty()
            ? noneWaiting
            : nouns + " " + String.join(", ", inPlanOrder) + " " + severalWaiting);
  }

  /** The facts of a person's decision: what, and through which channel when one is named. */
  static Map<String, String> decisionFacts(String decision, String via) {
    return via == null || via.isBlank()
        ? Map.of(TimelineEvent.DECISION, decision)
        : Map.of(TimelineEvent.DECISION, decision, TimelineEvent.VIA, via);
  }

  List<TimelineEvent> events() {
    return List.copyOf(events);
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
