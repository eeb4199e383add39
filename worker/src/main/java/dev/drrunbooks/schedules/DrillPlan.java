package dev.drrunbooks.schedules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.drrunbooks.drill.DrillRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The drill programme of plan section 6, from {@code runbooks/drills.yaml}: which drill runs when,
 * as Temporal Schedules. Every entry is checked before anything is applied.
 *
 * @param catchupWindow how late a missed drill may still start (a server that was down); later ones
 *     are skipped, not piled up
 * @param pauseOnFailure a failed drill pauses its schedule until someone looks
 */
public record DrillPlan(Duration catchupWindow, boolean pauseOnFailure, List<Entry> drills) {

  /**
   * One scheduled drill.
   *
   * @param id the schedule's id, e.g. {@code drill-quarterly-full}
   * @param cron when, in UTC, as cron expressions (minute hour day-of-month month day-of-week)
   */
  public record Entry(
      String id,
      String description,
      String scenario,
      String service,
      List<String> participants,
      List<String> cron,
      boolean paused) {

    /** The Drill workflow's input, exactly as a scheduled start sends it. */
    public DrillRequest request() {
      return new DrillRequest(
          service, scenario, DrillRequest.SIMULATION, participants, "schedule " + id, null, false);
    }
  }

  public DrillPlan {
    catchupWindow = catchupWindow == null ? Duration.ofHours(1) : catchupWindow;
    drills = drills == null ? List.of() : List.copyOf(drills);
  }

  public static DrillPlan load(Path file) {
    DrillPlan plan;
    try {
      plan =
          JsonMapper.builder(new YAMLFactory())
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
              .build()
              .readValue(Files.readAllBytes(file), DrillPlan.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "drills " + file + " cannot be read: " + e.getMessage().split("\n")[0], e);
    }
    List<String> problems = plan.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "drills " + file + " are invalid: " + String.join("; ", problems));
    }
    return plan;
  }

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < drills.size(); i++) {
      Entry d = drills.get(i);
      String at = "drills[" + i + "]" + (d.id() == null ? "" : " (" + d.id() + ")");
      if (d.id() == null || !d.id().matches("[a-z0-9][a-z0-9-]{0,62}")) {
        problems.add(at + ".id must be lowercase letters, digits and dashes");
      } else if (!ids.add(d.id())) {
        problems.add(at + ".id is used twice");
      }
      if (d.cron() == null || d.cron().isEmpty()) {
        problems.add(at + ".cron must give at least one time");
      } else {
        for (String c : d.cron()) {
          if (c == null || c.trim().split("\\s+").length != 5) {
            problems.add(
                at + ".cron '" + c + "' must have five fields (minute hour day month weekday)");
          }
        }
      }
      for (String p : d.request().problems()) {
        problems.add(at + ": " + p);
      }
    }
    if (catchupWindow.isNegative() || catchupWindow.isZero()) {
      problems.add("catchupWindow must be positive");
    }
    return problems;
  }
}
