package dev.drrunbooks.incident;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Failures;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Supplier;

/** Where an incident's report is stored, and storing it. */
final class IncidentStore {

  private IncidentStore() {}

  /**
   * Stores the report (S3 for a service on AWS, the worker's folder for the sandbox), as a step or,
   * when the incident is being aborted, quietly: a report that cannot be stored is noted.
   */
  static List<String> store(
      Runbook runbook, ServiceProfile profile, Supplier<IncidentReport> report, boolean asStep) {
    ServiceProfile.Incident settings = profile.incident();
    boolean s3 =
        profile.target() == ServiceProfile.Target.AWS
            && settings != null
            && settings.reportBucket() != null;
    String location =
        s3
            ? "s3://"
                + settings.reportBucket()
                + "/"
                + (settings.reportPrefix() == null ? "incidents/" : settings.reportPrefix())
            : "local";
    String region =
        !s3
            ? null
            : settings.reportRegion() != null
                ? settings.reportRegion()
                : profile.regions().standby() != null
                    ? profile.regions().standby()
                    : profile.regions().primary();
    IncidentReports reports =
        Workflow.newActivityStub(
            IncidentReports.class, summarised(RunbookOptions.MUTATION, "store the report"));
    Supplier<List<String>> write =
        () -> reports.store(new IncidentReports.StoreReportRequest(report.get(), location, region));
    if (asStep) {
      List<String> where =
          runbook.step(
              IncidentResponseWorkflowImpl.REPORT, write, w -> "stored: " + String.join(", ", w));
      return where == null ? List.of() : where;
    }
    try {
      return write.get();
    } catch (ActivityFailure lost) {
      runbook.note(
          Runbook.RUNBOOK_ACTOR, "the report could not be stored: " + Failures.reasonOf(lost));
      return List.of();
    }
  }
}
