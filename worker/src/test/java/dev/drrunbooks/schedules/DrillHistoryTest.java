package dev.drrunbooks.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.incident.IncidentReportsImpl;
import dev.drrunbooks.drill.Criterion;
import dev.drrunbooks.drill.DrillReport;
import dev.drrunbooks.drill.DrillReports.StoreDrillRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drill history read back from reports as the worker stores them. */
class DrillHistoryTest {

  @TempDir Path reports;

  @Test
  void storedDrills_listedOldestFirst_withTrends_andTheRollbackSuccessRate() throws Exception {
    IncidentReportsImpl store = new IncidentReportsImpl(reports, region -> null);
    store.storeDrill(
        new StoreDrillRequest(
            drill("a", "app-failure", "2026-08-15T02:00:00Z", 44L, true), "local", null));
    store.storeDrill(
        new StoreDrillRequest(
            drill("b", "network-outage", "2026-09-15T02:00:00Z", 60L, true), "local", null));
    store.storeDrill(
        new StoreDrillRequest(
            drill("c", "app-failure", "2026-10-15T02:00:00Z", 25L, false), "local", null));
    Files.writeString(reports.resolve("drill-broken.json"), "{not json");

    DrillHistory history = DrillHistory.read(reports);

    assertThat(history.drills()).extracting(DrillReport::drillId).containsExactly("a", "b", "c");
    assertThat(history.rollbackSuccessPercent()).isEqualTo(50.0);
    String text = history.render();
    assertThat(text)
        .contains("app-failure: 2 drills, 1 passed; RTO 44s -> 25s (better)")
        .contains("network-outage: 1 drills, 1 passed; RTO 1m00s")
        .contains("Rollback success: 50.0 % of app-failure drills (task list: > 99 %): NOT met")
        .contains("unreadable: drill-broken.json");
  }

  @Test
  void noReports_saysHowToMakeOne() {
    assertThat(DrillHistory.read(reports.resolve("none")).render())
        .isEqualTo("No drill reports yet. Run one: ./runbook drill app-failure\n");
  }

  private static DrillReport drill(
      String id, String scenario, String at, long rto, boolean rollbackOk) {
    Instant start = Instant.parse(at);
    return new DrillReport(
        id,
        scenario,
        "sandbox",
        "simulation",
        List.of("demo-commander"),
        start,
        start.plusSeconds(rto + 10),
        "DRILL-" + id,
        "incident/x",
        "RESOLVED",
        "APPLICATION",
        "APPLICATION SEV1",
        scenario.equals("app-failure")
            ? (rollbackOk ? "app-rollback COMPLETED" : "app-rollback SKIPPED")
            : "region-failover COMPLETED",
        rto,
        0L,
        100.0,
        List.of(new Criterion("plan RTO", "<= 30m00s", rto + "s", rollbackOk)),
        Map.of(),
        Map.of(),
        "as before",
        List.of(),
        List.of());
  }
}
