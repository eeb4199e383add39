package dev.drrunbooks.runbook;

import dev.drrunbooks.runbook.TimelineEvent.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Undos registered before the risky write each protects, each a line of the checklist. When the run
 * fails, is aborted, rejected or canceled, the runbook runs those still armed, newest first.
 */
final class Cleanups {

  record Cleanup(String id, String title, Supplier<String> undo) {}

  private final Timeline timeline;
  private final List<Cleanup> armed = new ArrayList<>();

  Cleanups(Timeline timeline) {
    this.timeline = timeline;
  }

  void register(String protects, String id, String title, Supplier<String> undo) {
    if (timeline.has(id)) {
      throw new IllegalStateException("cleanup '" + id + "' is already registered");
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(TimelineEvent.TITLE, title);
    facts.put(TimelineEvent.KIND, StepKind.CLEANUP.name());
    facts.put(TimelineEvent.PROTECTS, protects);
    armed.add(new Cleanup(id, title, undo));
    timeline.add(Step.cleanup(id, title), Type.CLEANUP_REGISTERED, facts);
  }

  /** The write no longer needs undoing: disarm its cleanup. */
  void release(String id, String reason) {
    if (armed.removeIf(c -> c.id().equals(id))) {
      timeline.record(Type.CLEANUP_RELEASED, id, Runbook.RUNBOOK_ACTOR, reason, Map.of());
    }
  }

  /** The run completed: nothing it armed needs undoing. */
  void releaseAll(String reason) {
    for (Cleanup c : List.copyOf(armed)) {
      release(c.id(), reason);
    }
  }

  /** Disarms every undo and hands them over newest first, to be run. */
  List<Cleanup> takeNewestFirst() {
    List<Cleanup> order = new ArrayList<>(armed);
    armed.clear();
    Collections.reverse(order);
    return order;
  }
}
