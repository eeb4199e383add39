package dev.drrunbooks.rollback;

import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.StableRevision;

/** What the rollback changes: to which revision, whether the count changes, in what batches. */
record Change(
    StableRevision target,
    String family,
    String targetFamily,
    boolean revisionChanges,
    boolean countChanges,
    int desired,
    String strategy,
    Batches batches) {

  /** The gate's question: what will change, how, and the evidence gathered so far. */
  static String question(AppRollbackRequest request, ServiceRef ref, Looked looked, Change change) {
    String family = change.family();
    ServiceState before = looked.before();
    StableRevision target = change.target();
    int desired = change.desired();
    Batches batches = change.batches();
    LogSummary errors = looked.errors();
    HealthReport symptoms = looked.symptoms();
    StringBuilder q = new StringBuilder();
    if (request.forced()) {
      q.append("FORCED by ")
          .append(request.requestedBy())
          .append(": \"")
          .append(request.force())
          .append("\" (overrides: ")
          .append(
              target.overridden() == null || target.overridden().isEmpty()
                  ? "none needed"
                  : String.join("; ", target.overridden()))
          .append("). ");
    }
    q.append("Roll back ")
        .append(ref)
        .append(" from ")
        .append(family)
        .append(":")
        .append(before.revision())
        .append(target.currentImage() == null ? "" : " (" + target.currentImage() + ")")
        .append(" to ")
        .append(target.family() == null ? family : target.family())
        .append(":")
        .append(target.revision())
        .append(target.image() == null ? "" : " (" + target.image() + ")")
        .append("? Tasks: ")
        .append(before.desiredCount())
        .append(desired == before.desiredCount() ? "" : " -> " + desired)
        .append(". Strategy: ")
        .append(change.strategy())
        .append(batches == null ? "" : " (" + batches + ")")
        .append(". Trigger: ")
        .append(request.triggerOrDefault())
        .append(". Health now: ")
        .append(symptoms == null ? "not assessed" : symptoms.oneLine());
    if (errors != null) {
      q.append(". Logs: ").append(errors.oneLine());
    }
    return q.toString();
  }
}
