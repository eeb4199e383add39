package dev.drrunbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code Workflow.getVersion} in workflow code has a recorded history that takes each of its
 * branches: one with the change's marker (runs from the change on) and one without (runs recorded
 * before it). A marker without both is a branch no test replays, so nobody knows it still works.
 */
class VersionMarkersTest {

  private static final Path MAIN = Path.of("src", "main", "java");
  private static final Pattern GET_VERSION =
      Pattern.compile("Workflow\\.getVersion\\(\\s*([\\w.\"-]+)\\s*,");
  private static final Pattern CONSTANT =
      Pattern.compile("String\\s+(\\w+)\\s*=\\s*\"([^\"]+)\"\\s*;");

  @Test
  void everyChangeId_hasAFixtureWithItsMarker_andOneWithout() throws IOException {
    Map<String, String> changeIds = changeIdsIn(MAIN);
    Map<String, Set<String>> markersByFixture = markersByFixture(ReplayCompatibilityTest.HISTORIES);
    assertThat(markersByFixture).as("recorded histories").isNotEmpty();
    List<String> problems = new ArrayList<>();
    changeIds.forEach(
        (id, where) -> {
          boolean with = markersByFixture.values().stream().anyMatch(m -> m.contains(id));
          boolean without = markersByFixture.values().stream().anyMatch(m -> !m.contains(id));
          if (!with || !without) {
            problems.add(
                "change id '"
                    + id
                    + "' ("
                    + where
                    + ") has no recorded history "
                    + (with ? "from before it" : "that takes it"));
          }
        });
    assertThat(problems).as("version markers without a fixture per branch").isEmpty();
  }

  /** The guard itself: it finds a change id, whether written as a literal or as a constant. */
  @Test
  void changeIds_areFound_asLiteralsAndAsConstants(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve("A.java"),
        "class A { static final String CHANGE = \"a-change\";\n"
            + " void f() { Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1);\n"
            + " Workflow.getVersion(\"b-change\", Workflow.DEFAULT_VERSION, 1); } }");
    assertThat(changeIdsIn(dir)).containsOnlyKeys("a-change", "b-change");
  }

  /** Change id → the file that asks for it. */
  static Map<String, String> changeIdsIn(Path sources) throws IOException {
    Map<String, String> constants = new LinkedHashMap<>();
    Map<String, String> calls = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        Matcher c = CONSTANT.matcher(text);
        while (c.find()) {
          constants.put(c.group(1), c.group(2));
        }
        Matcher v = GET_VERSION.matcher(text);
        while (v.find()) {
          calls.put(v.group(1), file.getFileName().toString());
        }
      }
    }
    Map<String, String> ids = new LinkedHashMap<>();
    calls.forEach(
        (arg, file) -> {
          String name = arg.substring(arg.lastIndexOf('.') + 1);
          String id = arg.startsWith("\"") ? arg.replace("\"", "") : constants.get(name);
          ids.put(id == null ? arg : id, file);
        });
    return ids;
  }

  /** Each fixture's version markers (their change ids). */
  private static Map<String, Set<String>> markersByFixture(Path histories) throws IOException {
    Map<String, Set<String>> markers = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(histories)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Set<String> ids = new HashSet<>();
        for (HistoryEvent e :
            WorkflowExecutionHistory.fromJson(Files.readString(file)).getEvents()) {
          if (e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
              && "Version".equals(e.getMarkerRecordedEventAttributes().getMarkerName())) {
            var payloads = e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId");
            ids.add(
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    payloads.getPayloads(0), String.class, String.class));
          }
        }
        markers.put(histories.relativize(file).toString(), ids);
      }
    }
    return markers;
  }
}
