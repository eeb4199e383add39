package dev.drrunbooks.schedules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.drrunbooks.drill.DrillReport;
import dev.drrunbooks.text.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The drills recorded so far, from the reports the worker stored ({@code drill-*.json}): each
 * drill's result, each scenario's trend, and the task list's rollback success rate over them.
 */
final class DrillHistory {

  /** The task list's target: rollbacks succeed in more than 99 % of the drills recorded. */
  static final double ROLLBACK_SUCCESS_PERCENT = 99.0;

  private final List<DrillReport> drills;
  private final List<String> unreadable;

  private DrillHistory(List<DrillReport> drills, List<String> unreadable) {
    this.drills = drills;
    this.unreadable = unreadable;
  }

  /** Every drill report in the folder, oldest first; a file that does not parse is named. */
  public static DrillHistory read(Path folder) {
    ObjectMapper json =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    List<DrillReport> drills = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return new DrillHistory(drills, unreadable);
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f :
          files
              .filter(p -> p.getFileName().toString().startsWith("drill-"))
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .toList()) {
        try {
          drills.add(json.readValue(f.toFile(), DrillReport.class));
        } catch (IOException e) {
          unreadable.add(f.getFileName() + ": " + e.getMessage().split("\n")[0]);
        }
      }
    } catch (IOException e) {
      unreadable.add(folder + ": " + e.getMessage());
    }
    drills.sort(Comparator.comparing(DrillReport::startedAt));
    return new DrillHistory(drills, unreadable);
  }

  public List<DrillReport> drills() {
    return drills;
  }

  /** The task list's rollback success rate over the app-failure drills; null without any. */
  public Double rollbackSuccessPercent() {
    List<DrillReport> rollbacks =
        drills.stream()
            .filter(d -> d.recovery() != null && d.recovery().startsWith("app-rollback"))
            .toList();
    if (rollbacks.isEmpty()) {
      return null;
    }
    long ok = rollbacks.stream().filter(d -> d.recovery().equals("app-rollback COMPLETED")).count();
    return 100.0 * ok / rollbacks.size();
  }

  /** The history as text: one line per drill, then each scenario's trend, then the rate. */
  public String render() {
    StringBuilder out = new StringBuilder();
    if (drills.isEmpty()) {
      out.append("No drill reports yet. Run one: ./runbook drill app-failure\n");
    } else {
      out.append(
          String.format(
              Locale.ROOT,
              "%-20s  %-18s  %-4s  %9s  %9s  %s%n",
              "started",
              "scenario",
              "",
              "RTO",
              "RPO",
              "classified"));
      for (DrillReport d : drills) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-20s  %-18s  %-4s  %9s  %9s  %s%n",
                d.startedAt().toString().substring(0, 19),
                d.scenario(),
                d.passed() ? "PASS" : "FAIL",
                seconds(d.rtoSeconds()),
                seconds(d.rpoSeconds()),
                d.classified()));
      }
      out.append('\n');
      Map<String, List<DrillReport>> byScenario = new LinkedHashMap<>();
      drills.forEach(d -> byScenario.computeIfAbsent(d.scenario(), k -> new ArrayList<>()).add(d));
      byScenario.forEach(
          (scenario, runs) ->
              out.append(scenario)
                  .append(": ")
                  .append(runs.size())
                  .append(" drills, ")
                  .append(runs.stream().filter(DrillReport::passed).count())
                  .append(" passed; RTO ")
                  .append(trend(runs.stream().map(DrillReport::rtoSeconds).toList()))
                  .append("; RPO ")
                  .append(trend(runs.stream().map(DrillReport::rpoSeconds).toList()))
                  .append('\n'));
      Double rate = rollbackSuccessPercent();
      out.append(
          rate == null
              ? "Rollback success: no app-failure drill recorded yet\n"
              : String.format(
                  Locale.ROOT,
                  "Rollback success: %.1f %% of app-failure drills (task list: > %.0f %%): %s%n",
                  rate,
                  ROLLBACK_SUCCESS_PERCENT,
                  rate > ROLLBACK_SUCCESS_PERCENT ? "met" : "NOT met"));
    }
    unreadable.forEach(u -> out.append("unreadable: ").append(u).append('\n'));
    return out.toString();
  }

  /** E.g. {@code 44s -> 25s (better)}: the previous drill against the latest. */
  static String trend(List<Long> values) {
    List<Long> measured = values.stream().filter(java.util.Objects::nonNull).toList();
    if (measured.isEmpty()) {
      return "not measured";
    }
    long last = measured.get(measured.size() - 1);
    if (measured.size() == 1) {
      return Durations.format(last);
    }
    long before = measured.get(measured.size() - 2);
    String way = last < before ? "better" : last > before ? "WORSE" : "same";
    return Durations.format(before) + " -> " + Durations.format(last) + " (" + way + ")";
  }

  private static String seconds(Long s) {
    return s == null ? "-" : Durations.format(s);
  }
}
