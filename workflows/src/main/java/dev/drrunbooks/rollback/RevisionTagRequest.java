package dev.drrunbooks.rollback;

import java.util.ArrayList;
import java.util.List;

/**
 * Input of {@code RevisionTag}: mark a task-definition revision known-bad, or take the mark away,
 * as a named approver with a reason. One JSON object, e.g. {@code
 * {"service":"sandbox","revision":41,"mark":false,"actor":"ops-lead","reason":"healthy release;
 * rolled back during a drill"}}.
 *
 * @param service the service profile's name
 * @param revision a revision of the profile's task family
 * @param mark true to tag it known-bad, false to remove the tag
 * @param actor who decides; must be one of the profile's approvers
 * @param reason why; recorded on the revision's tags (mark) and in the workflow's history
 */
public record RevisionTagRequest(
    String service, int revision, boolean mark, String actor, String reason) {

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (service == null || service.isBlank()) {
      problems.add("service is required");
    }
    if (revision < 1) {
      problems.add("revision must be 1 or more (was " + revision + ")");
    }
    if (actor == null || actor.isBlank()) {
      problems.add("actor is required: one of the profile's approvers");
    }
    if (reason == null || reason.isBlank()) {
      problems.add("reason is required: why the revision is (not) known-bad");
    } else if (reason.length() > 200) {
      problems.add("reason is longer than 200 characters");
    } else if (!dev.drrunbooks.text.Untrusted.clean(reason)) {
      problems.add(
          "reason contains a control character (newline, tab, escape, direction override);"
              + " use one line");
    }
    if (actor != null && !dev.drrunbooks.text.Untrusted.clean(actor)) {
      problems.add("actor contains a control character");
    }
    return problems;
  }
}
