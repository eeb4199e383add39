package dev.drrunbooks.runbook;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Steps at the same time, each a line of the checklist. A branch that fails waits for its own
 * {@code resolveStep} while the others go on. When one ends the run, the others are canceled before
 * the failure goes on, so no cleanup runs while a sibling is still writing.
 */
public final class Parallel {

  /** What the branches returned (null for a skipped branch). */
  public static final class Results {
    private final Map<String, Object> byStep;

    private Results(Map<String, Object> byStep) {
      this.byStep = byStep;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Branch<T> branch) {
      return (T) byStep.get(branch.stepId());
    }
  }

  private Parallel() {}

  static Results run(List<Branch<?>> branches, Function<Branch<?>, Promise<?>> start) {
    Map<String, Promise<?>> promises = new LinkedHashMap<>();
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> branches.forEach(b -> promises.put(b.stepId(), start.apply(b))));
    scope.run();
    try {
      Promise.allOf(promises.values().toArray(Promise<?>[]::new)).get();
    } catch (TemporalFailure failure) {
      scope.cancel();
      for (Promise<?> p : promises.values()) {
        try {
          p.get();
        } catch (TemporalFailure ignored) {
          // Each sibling has recorded its own end on the timeline.
        }
      }
      throw failure;
    }
    Map<String, Object> values = new HashMap<>();
    promises.forEach((id, p) -> values.put(id, p.get()));
    return new Results(values);
  }
}
