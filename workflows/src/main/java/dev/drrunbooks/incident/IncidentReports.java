package dev.drrunbooks.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Stores an incident's report as Markdown and JSON: in S3 for a service on AWS, in the worker's
 * report folder for the sandbox. Writing the same report again overwrites the same objects, so a
 * retry is harmless.
 */
@ActivityInterface
public interface IncidentReports {

  /**
   * Writes {@code <incident>.md} and {@code <incident>.json} under the request's location ({@code
   * s3://bucket/prefix/}, or {@code local} for the worker's report folder).
   *
   * @return the locations written, Markdown first
   */
  @ActivityMethod(name = "StoreIncidentReport")
  List<String> store(StoreReportRequest request);

  /** One record, as every activity here takes; {@code region} is the bucket's. */
  record StoreReportRequest(IncidentReport report, String location, String region) {}
}
