package dev.drrunbooks.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What opened (or joined) an incident: a person, or an alert with what identifies it.
 *
 * @param kind {@code manual} or {@code alert}
 * @param source where the alert came from, e.g. {@code alertmanager}, {@code cloudwatch}
 * @param name the alert's name, e.g. {@code health-check-failed}; the profile's auto-start policy
 *     matches it
 * @param labels the alert's labels, shown in the report
 * @param fingerprint the alert source's identity of this alert, so a repeat is recognised
 * @param startsAt when the alert started firing: the incident's detection time
 */
public record Trigger(
    String kind,
    String source,
    String name,
    Map<String, String> labels,
    String fingerprint,
    Instant startsAt) {

  public static final String MANUAL = "manual";
  public static final String ALERT = "alert";

  /** An alert that stopped firing: recorded on the open incident, never opens one. */
  public static final String RESOLVED = "resolved";

  public Trigger {
    labels = dev.drrunbooks.runbook.Ordered.copy(labels);
  }

  public static Trigger manual() {
    return new Trigger(MANUAL, null, null, Map.of(), null, null);
  }

  public static Trigger alert(String source, String name, String fingerprint, Instant startsAt) {
    return new Trigger(ALERT, source, name, Map.of(), fingerprint, startsAt);
  }

  public boolean fromAlert() {
    return ALERT.equals(kind);
  }

  public boolean resolvedAlert() {
    return RESOLVED.equals(kind);
  }

  /** E.g. {@code alert health-check-failed from alertmanager (fp 3c1a)} or {@code manual}. */
  public String oneLine() {
    if (!fromAlert() && !resolvedAlert()) {
      return MANUAL;
    }
    return (resolvedAlert() ? "resolved alert " : "alert ")
        + name
        + (source == null ? "" : " from " + source)
        + (fingerprint == null ? "" : " (fingerprint " + fingerprint + ")")
        + (startsAt == null ? "" : " firing since " + startsAt);
  }

  List<String> problems() {
    List<String> problems = new java.util.ArrayList<>();
    if (!MANUAL.equals(kind) && !ALERT.equals(kind) && !RESOLVED.equals(kind)) {
      problems.add("trigger.kind must be manual, alert or resolved (was '" + kind + "')");
      return problems;
    }
    if ((fromAlert() || resolvedAlert()) && (name == null || name.isBlank())) {
      problems.add("trigger.name is required for an alert, e.g. health-check-failed");
    }
    for (String text : new String[] {source, name, fingerprint}) {
      if (text != null && (text.length() > 200 || !dev.drrunbooks.text.Untrusted.clean(text))) {
        problems.add(
            "trigger source, name and fingerprint must be one line of at most 200 characters");
        break;
      }
    }
    if (labels.size() > 50) {
      problems.add("trigger.labels: at most 50 labels");
    }
    return problems;
  }
}
