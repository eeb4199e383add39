package dev.drrunbooks.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code watch} on an 80×24 terminal: a long gate question is cut, not wrapped over eleven lines; a
 * checklist taller than the screen keeps its header, the waiting gate and the command to type, and
 * gives up the finished steps instead.
 */
class TtyScreenTest {

  @Test
  void tallChecklist_onAnEightyByTwentyFour_keepsHeaderGateAndCommand() {
    List<String> lines = new ArrayList<>();
    lines.add("── 03:12:09 ──");
    lines.add("\u001B[1mRegionFailover\u001B[0m · gitee-notion-sync · WAITING_FOR_APPROVAL · 4m");
    for (int i = 1; i <= 20; i++) {
      lines.add("- \u001B[32m[x]\u001B[0m Step number " + i + " (1s) — done");
    }
    lines.add(
        "- [?] Approval to fail over — waiting: "
            + "Switch sync.example.com from the primary to the standby? ".repeat(8));
    lines.add(
        "    ./runbook approve recovery/gitee-notion-sync/ap-southeast-1/cluster/service --gate"
            + " approve-failover --as <name>");
    lines.add("- [ ] Switch DNS");

    List<String> screen = TtyScreen.fit(lines, 24, 80);

    assertThat(screen).hasSizeLessThanOrEqualTo(22); // the command takes two rows
    assertThat(screen.get(0)).isEqualTo("── 03:12:09 ──");
    assertThat(screen.get(1)).contains("WAITING_FOR_APPROVAL");
    assertThat(screen).anyMatch(l -> l.startsWith("- [?] Approval to fail over"));
    assertThat(screen).anyMatch(l -> l.contains("./runbook approve recovery/"));
    assertThat(screen).anyMatch(l -> l.contains("finished step(s) above"));
    assertThat(screen).last().isEqualTo("- [ ] Switch DNS");
    for (String line : screen) {
      if (!line.contains("./runbook approve")) { // the command stays whole, to be copied
        assertThat(line.replaceAll("\u001B\\[[0-9;]*m", "")).hasSizeLessThanOrEqualTo(80);
      }
    }
    assertThat(screen)
        .contains(
            "    ./runbook approve recovery/gitee-notion-sync/ap-southeast-1/cluster/service --gate"
                + " approve-failover --as <name>");
  }

  @Test
  void shortChecklist_isOnlyCutToTheWidth() {
    List<String> lines = List.of("header", "- [x] done", "- [?] " + "q".repeat(200));

    List<String> screen = TtyScreen.fit(lines, 24, 80);

    assertThat(screen).hasSize(3);
    assertThat(screen.get(2)).hasSize(80).endsWith("…");
    assertThat(TtyScreen.cut("\u001B[31m" + "x".repeat(100) + "\u001B[0m", 10))
        .isEqualTo("\u001B[31m" + "x".repeat(9) + "…\u001B[0m");
  }
}
