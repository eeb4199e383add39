package dev.drrunbooks.drill;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Stores a drill's report as Markdown and JSON, where incident reports go (S3 for a service on AWS,
 * the worker's report folder for the sandbox); writing it again overwrites the same objects.
 */
@ActivityInterface
public interface DrillReports {

  /** A drill's report, as {@code drill-<scenario>-<id>.md} and {@code .json}. */
  @ActivityMethod(name = "StoreDrillReport")
  List<String> storeDrill(StoreDrillRequest request);

  /** One record; {@code region} is the bucket's. */
  record StoreDrillRequest(DrillReport report, String location, String region) {}
}
