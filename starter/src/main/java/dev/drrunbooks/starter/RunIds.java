package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.Procedure;

/**
 * What a person may type where a run id is asked for: the id {@code runbook start} printed (it has
 * a '/'), or just the service's name, which stands for the run that holds that service (at 3 a.m.
 * {@code ./runbook status sandbox} beats copying {@code recovery/sandbox/sandbox-primary/...}).
 */
public final class RunIds {

  /** The help of every command's ID parameter. */
  public static final String HELP =
      "The run: the id 'runbook start' printed, or a service name for the run that holds it.";

  private static volatile ServiceResolver services;

  private RunIds() {}

  /** The profiles' resolver, when the worker module has supplied one. */
  public static ServiceResolver services() {
    return services;
  }

  /** Lets service names stand for their recovery run; the worker module supplies the profiles. */
  public static void resolveServicesWith(ServiceResolver resolver) {
    services = resolver;
  }

  /** The help of an incident command's ID parameter. */
  public static final String INCIDENT_HELP =
      "The incident: its workflow id, or a service name for the incident open on it.";

  /**
   * For following a service: its open incident when there is one (the incident shows its recovery
   * too), else the run that holds the service. An id typed in full is taken as it is.
   */
  public static String toFollow(String typed, RunbookClient client) {
    String incident = incidentOf(typed);
    if (!incident.equals(CliInput.runId(typed)) && client.isRunning(incident)) {
      return incident;
    }
    return of(typed);
  }

  /**
   * For deciding (approve a gate, resolve a step): a service name stands for the deepest run that
   * waits for a person, its incident's recovery when the incident runs one (a gate of the rollback
   * the incident started, say), else the run {@link #toFollow} gives. An id typed in full is taken
   * as it is.
   */
  public static String waitingOn(String typed, RunbookClient client, boolean gate) {
    String followed = toFollow(typed, client);
    if (followed.equals(CliInput.runId(typed))) {
      return followed;
    }
    try {
      return deepestWaiting(client, client.progress(followed), gate, followed);
    } catch (CliException unanswered) {
      return followed; // the command itself then says why the run does not answer
    }
  }

  private static String deepestWaiting(
      RunbookClient client,
      dev.drrunbooks.runbook.RunbookProgress run,
      boolean gate,
      String fallback) {
    for (dev.drrunbooks.runbook.RunbookProgress child : client.activeChildren(run)) {
      String inner = deepestWaiting(client, child, gate, null);
      if (inner != null) {
        return inner;
      }
    }
    var waits =
        gate
            ? dev.drrunbooks.runbook.RunStatus.WAITING_FOR_APPROVAL
            : dev.drrunbooks.runbook.RunStatus.WAITING_FOR_OPERATOR;
    boolean waiting =
        run.status() == waits
            || run.steps().stream()
                .anyMatch(
                    s ->
                        gate
                            ? s.status() == dev.drrunbooks.runbook.StepStatus.WAITING_FOR_APPROVAL
                            : s.awaitingDecision());
    return waiting ? run.workflowId() : fallback;
  }

  /** Like {@link #of}, but a service name stands for the service's incident. */
  public static String incidentOf(String typed) {
    return resolve(typed, Procedure::incidentId);
  }

  /**
   * The run id for what was typed: a checked id, or for a bare word naming a service profile, the
   * id of the run that holds its service. Anything else is taken as an id as typed.
   */
  public static String of(String typed) {
    return resolve(typed, Procedure::lockId);
  }

  private static String resolve(
      String typed, java.util.function.Function<dev.drrunbooks.service.ServiceRef, String> idOf) {
    String id = CliInput.runId(typed);
    ServiceResolver resolver = services;
    if (resolver == null
        || id.indexOf('/') >= 0
        || !dev.drrunbooks.runbook.RunbookRequest.SERVICE.matcher(id).matches()) {
      return id;
    }
    // A bare word is a service's name: the runbooks' run ids all contain a '/'. One that names no
    // service is said as such ("did you mean 'sandbox'?"), not as a run that does not exist.
    return idOf.apply(resolver.resolve(id));
  }
}
