package dev.drrunbooks.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One shape the next engineer can hold: no main source file over {@link #MAX_FILE_LINES} lines and
 * no method over {@link #MAX_METHOD_LINES}, in every module. Should one ever have to stay over for
 * a while, it is listed with its size: a ceiling that may shrink, never grow. None is today.
 */
class SourceSizeTest {

  static final int MAX_FILE_LINES = 500;
  static final int MAX_METHOD_LINES = 80;

  /** Files allowed over the limit, with their ceiling: none. */
  static final Map<String, Integer> FILES_STILL_OVER = Map.of();

  /** Methods ({@code file#method}) allowed over the limit, with their ceiling: none. */
  static final Map<String, Integer> METHODS_STILL_OVER = Map.of();

  private static final Path ROOT = Path.of("..");
  private static final Pattern METHOD =
      Pattern.compile(
          "^  (?:(?:public|private|protected|static|final|synchronized|default)\\s+)*"
              + "(?:<[^>]+>\\s+)?[\\w<>\\[\\],.? ]+\\s+(\\w+)\\s*\\(");

  @Test
  void noMainFileOver500Lines_andNoMethodOver80() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : mainSources()) {
      String name = ROOT.relativize(file).toString().replace('\\', '/');
      List<String> lines = Files.readAllLines(file);
      int fileLimit = FILES_STILL_OVER.getOrDefault(name, MAX_FILE_LINES);
      if (lines.size() > fileLimit) {
        problems.add(name + ": " + lines.size() + " lines (at most " + fileLimit + ")");
      }
      methodLengths(lines)
          .forEach(
              (method, length) -> {
                int limit = METHODS_STILL_OVER.getOrDefault(name + "#" + method, MAX_METHOD_LINES);
                if (length > limit) {
                  problems.add(
                      name + "#" + method + ": " + length + " lines (at most " + limit + ")");
                }
              });
    }
    assertThat(problems).as("files and methods over the size limits").isEmpty();
  }

  /** The guard itself: it measures a method from its signature to its closing brace. */
  @Test
  void methodLength_isMeasuredFromSignatureToClosingBrace() {
    List<String> lines = new ArrayList<>(List.of("class A {", "  private int f(int x) {"));
    for (int i = 0; i < 90; i++) {
      lines.add("    x++;");
    }
    lines.addAll(List.of("    return x;", "  }", "", "  void g() {", "  }", "}"));
    assertThat(methodLengths(lines)).containsEntry("f", 93).containsEntry("g", 2);
  }

  private static List<Path> mainSources() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String module : List.of("workflows", "activities", "starter", "worker")) {
      try (Stream<Path> walk = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
      }
    }
    assertThat(files).as("main sources").isNotEmpty();
    return files;
  }

  /** Each method of a top-level type (two-space indent): its length in lines, longest kept. */
  static Map<String, Integer> methodLengths(List<String> lines) {
    Map<String, Integer> lengths = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = METHOD.matcher(lines.get(i));
      String head = lines.get(i).strip();
      if (!m.find() || head.startsWith("return") || head.startsWith("new ")) {
        continue;
      }
      int open = i;
      while (open < lines.size()
          && !lines.get(open).contains("{")
          && !lines.get(open).contains(";")) {
        open++;
      }
      if (open >= lines.size() || !lines.get(open).contains("{")) {
        continue;
      }
      int depth = 0;
      int end = open;
      for (; end < lines.size(); end++) {
        String line = lines.get(end);
        depth += count(line, '{') - count(line, '}');
        if (depth <= 0) {
          break;
        }
      }
      lengths.merge(m.group(1), end - i + 1, Math::max);
      i = end;
    }
    return lengths;
  }

  private static int count(String line, char c) {
    int n = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
