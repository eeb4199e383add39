package dev.drrunbooks.runbook;

import dev.drrunbooks.service.ServiceRef;
import java.util.Map;

/**
 * A procedure, registered once: the workflow type and its request record, how its runs are named,
 * and how it is presented. The generic {@code runbook start <name>}, the catalog ({@code runbook
 * procedures}), the worker's registrations and the replay tests all come from this one entry.
 *
 * @param name the CLI name, e.g. {@code app-rollback}
 * @param workflowType the Temporal workflow type, e.g. {@code AppRollback}
 * @param requestType the one record the workflow takes
 * @param implementation the workflow implementation the worker registers
 * @param planSections the sections of the disaster-recovery plan it implements
 * @param summary one line for the catalog
 * @param exclusive true for procedures that change the service: only one such run per protected
 *     resource at a time (a dry run changes nothing and never holds the resource)
 * @param readme path of its README in the repository
 * @param parameterHelp help for each request field the CLI offers as an option
 */
public record Procedure(
    String name,
    String workflowType,
    Class<? extends RunbookRequest> requestType,
    Class<?> implementation,
    String planSections,
    String summary,
    boolean exclusive,
    String readme,
    Map<String, String> parameterHelp) {

  /** The incident workflow's type, named per resource like a lock (see {@link #incidentId}). */
  public static final String INCIDENT_TYPE = "IncidentResponse";

  /** Workflow-id prefix of the run that holds a protected resource. */
  public static final String RECOVERY_PREFIX = "recovery/";

  /**
   * The workflow id of a run. A run that changes the service is named after the resource it
   * protects, so the server itself refuses a second one while the first runs (whatever procedure
   * and whichever profile names that resource). Dry runs and read-only procedures get a unique id.
   *
   * @param unique a suffix that makes a non-exclusive id unique (a time stamp, a UUID)
   */
  public String workflowId(RunbookRequest request, ServiceRef resource, String unique) {
    if (holdsResource(request)) {
      return lockId(resource);
    }
    if (INCIDENT_TYPE.equals(workflowType)) {
      // One open incident per resource; a drill's dry run never takes that name.
      return request.dryRun() ? incidentId(resource) + "/dry-run/" + unique : incidentId(resource);
    }
    return name + "/" + resource.lockKey() + "/" + unique;
  }

  /**
   * Whether its runs are held to the RTO: the recoveries (which change the service) and the
   * incident. A drill, a backup or a validation measures no RTO of its own.
   */
  public boolean measuresRto() {
    return exclusive || INCIDENT_TYPE.equals(workflowType);
  }

  /** Whether a run of this request holds its resource exclusively. */
  public boolean holdsResource(RunbookRequest request) {
    return exclusive && !request.dryRun();
  }

  /** Workflow-id prefix of a service's open incident. */
  public static final String INCIDENT_PREFIX = "incident/";

  /**
   * The id of the one open incident on a resource: a second report of the same service joins it
   * instead of opening another.
   */
  public static String incidentId(ServiceRef resource) {
    return INCIDENT_PREFIX + resource.lockKey();
  }

  /** The id every exclusive run on this resource uses. */
  public static String lockId(ServiceRef resource) {
    return RECOVERY_PREFIX + resource.lockKey();
  }

  /** Help for request fields, as pairs: field, help, field, help... */
  public static Map<String, String> params(String... pairs) {
    Map<String, String> help = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      help.put(pairs[i], pairs[i + 1]);
    }
    return help;
  }
}
