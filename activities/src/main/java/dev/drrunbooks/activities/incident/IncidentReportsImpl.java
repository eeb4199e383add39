package dev.drrunbooks.activities.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.drrunbooks.activities.aws.AwsReportStore;
import dev.drrunbooks.drill.DrillReports;
import dev.drrunbooks.incident.IncidentReport;
import dev.drrunbooks.incident.IncidentReportMarkdown;
import dev.drrunbooks.incident.IncidentReports;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Stores an incident's report as {@code <incident>.md} and {@code <incident>.json}: in S3 for a
 * service on AWS, in a local folder for the sandbox. Files are written to a temporary name and
 * moved into place, so a reader never sees half a report; a retry writes the same names again.
 */
public final class IncidentReportsImpl implements IncidentReports, DrillReports {

  public static final String LOCAL = "local";

  private static final Pattern S3_LOCATION =
      Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.*)");

  private final Path folder;
  private final Function<String, AwsReportStore> s3ForRegion;
  private final ReportPublisher publisher;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param folder where sandbox reports go
   * @param s3ForRegion the S3 store of a region (AWS reports)
   */
  public IncidentReportsImpl(Path folder, Function<String, AwsReportStore> s3ForRegion) {
    this(folder, s3ForRegion, null);
  }

  /**
   * @param publisher where drill reports are published as well (S3, a Notion page), or null
   */
  public IncidentReportsImpl(
      Path folder, Function<String, AwsReportStore> s3ForRegion, ReportPublisher publisher) {
    this.folder = folder;
    this.s3ForRegion = s3ForRegion;
    this.publisher = publisher;
  }

  @Override
  public List<String> store(StoreReportRequest request) {
    IncidentReport report = request.report();
    return write(
        fileName(report),
        IncidentReportMarkdown.render(report),
        report,
        request.location(),
        request.region());
  }

  @Override
  public List<String> storeDrill(StoreDrillRequest request) {
    dev.drrunbooks.drill.DrillReport report = request.report();
    String name =
        "drill-" + report.scenario() + "-" + report.drillId().replaceAll("[^A-Za-z0-9._-]", "_");
    String markdown = dev.drrunbooks.drill.DrillReportMarkdown.render(report);
    List<String> places =
        new java.util.ArrayList<>(
            write(name, markdown, report, request.location(), request.region()));
    if (publisher != null && publisher.any()) {
      places.addAll(
          publisher.publish(
              name,
              "DR drill "
                  + report.scenario()
                  + " "
                  + report.drillId()
                  + (report.passed() ? " — PASS" : " — FAIL"),
              markdown,
              json(report)));
    }
    return places;
  }

  private String json(Object report) {
    try {
      return json.writeValueAsString(report);
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the report cannot be written as JSON: " + e.getMessage(), "ReportUnwritable");
    }
  }

  private List<String> write(
      String name, String markdown, Object report, String location, String region) {
    String body = json(report);
    if (LOCAL.equals(location)) {
      return List.of(
          write(folder.resolve(name + ".md"), markdown),
          write(folder.resolve(name + ".json"), body));
    }
    var m = S3_LOCATION.matcher(location == null ? "" : location);
    if (!m.matches()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "report location '" + location + "' is neither 'local' nor s3://bucket/prefix/",
          "ReportUnwritable");
    }
    String prefix =
        m.group(2).isEmpty() || m.group(2).endsWith("/") ? m.group(2) : m.group(2) + "/";
    AwsReportStore s3 = s3ForRegion.apply(region);
    return List.of(
        s3.put(m.group(1), prefix + name + ".md", markdown, "text/markdown; charset=utf-8"),
        s3.put(m.group(1), prefix + name + ".json", body, "application/json"));
  }

  /** The incident id, made safe as one file name: {@code INC-42} stays, {@code a/b} becomes a_b. */
  static String fileName(IncidentReport report) {
    String id = report.incidentId() == null ? "incident" : report.incidentId();
    return id.replaceAll("[^A-Za-z0-9._-]", "_") + (report.dryRun() ? ".dry-run" : "");
  }

  private static String write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file.toAbsolutePath().toString();
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot write " + file + ": " + e.getMessage(), "ReportUnwritable");
    }
  }
}
