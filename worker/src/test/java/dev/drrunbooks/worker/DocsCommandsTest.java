package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

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
import picocli.CommandLine;

/**
 * Every {@code ./runbook ...} command the README and the docs show (code blocks and inline code,
 * English and Chinese) is one the command line accepts: the subcommand exists and so does every
 * option, with a value of the right kind. A renamed option fails here, not at 3 a.m. What the
 * commands then do is proven by the end-to-end and CLI tests; alternatives written {@code a|b} in a
 * synopsis are left to {@code --help}.
 */
class DocsCommandsTest {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Pattern INLINE = Pattern.compile("`(\\./runbook [^`]+)`");
  static final Pattern BLOCK_LINE = Pattern.compile("(?m)^\\s*(\\./runbook .+)$");

  /** Placeholder words in the docs, and a value of their kind. */
  static final Map<String, String> PLACEHOLDERS =
      Map.of("N", "2", "T", "2026-11-21T03:02:00Z", "ID", "sandbox", "S", "sandbox");

  @Test
  void everyDocumentedCommandParses() throws Exception {
    Map<String, String> commands = documentedCommands();
    assertThat(commands).as("the docs show commands").hasSizeGreaterThan(60);
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String> e : commands.entrySet()) {
      List<String> args = arguments(e.getKey());
      try {
        CommandLine.ParseResult parsed =
            RunbookMain.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.hasSubcommand() || parsed.isUsageHelpRequested()).as(e.getKey()).isTrue();
      } catch (CommandLine.MissingParameterException ex) {
        if (args.stream().anyMatch(a -> a.startsWith("-"))) {
          failures.add(e.getValue() + ": " + e.getKey() + "\n    " + ex.getMessage());
        } // else a mention in prose ("see `./runbook report`"): the subcommand exists
      } catch (CommandLine.ParameterException ex) {
        failures.add(e.getValue() + ": " + e.getKey() + "\n    " + ex.getMessage());
      }
    }
    assertThat(failures).as("documented commands the CLI refuses").isEmpty();
  }

  @Test
  void aMistypedOptionIsCaught() {
    List<String> args =
        arguments("./runbook approve sandbox --gate approve-rollback --as x --approver x");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RunbookMain.commandLine().parseArgs(args.toArray(String[]::new)))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--approver");
  }

  /** Each command once, with the file it was first seen in. */
  static Map<String, String> documentedCommands() throws Exception {
    Map<String, String> found = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    files.add(ROOT.resolve("README.zh-CN.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    try (Stream<Path> readmes = Files.walk(ROOT.resolve("workflows/src/main/java"))) {
      readmes
          .filter(p -> p.getFileName().toString().equals("README.md"))
          .sorted()
          .forEach(files::add);
    }
    for (Path file : files) {
      String text = Files.readString(file);
      String where = ROOT.relativize(file).toString();
      for (Pattern p : List.of(INLINE, BLOCK_LINE)) {
        Matcher m = p.matcher(text);
        while (m.find()) {
          String command = clean(m.group(1));
          if (command != null) {
            found.putIfAbsent(command, where);
          }
        }
      }
    }
    return found;
  }

  /** Without comments, prompts and trailing prose; null for synopses with alternatives. */
  private static String clean(String command) {
    String c = command.replaceAll("\\s+#.*$", "").replaceAll("`.*$", "").trim();
    if (c.contains("|") || c.contains("...") || c.contains("…")) {
      return null;
    }
    return c.replaceAll("[.,;:)]+$", "");
  }

  /** Shell-like words: quotes group, brackets of optional parts go, placeholders get values. */
  static List<String> arguments(String command) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
    while (m.find()) {
      String w = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (m.group(3) != null) {
        w = w.replace("[", "").replace("]", "");
        if (w.isEmpty()) {
          continue;
        }
        w = PLACEHOLDERS.getOrDefault(w, w);
        if (w.startsWith("<") && w.endsWith(">")) {
          w = "x";
        }
      }
      words.add(w);
    }
    return words.subList(1, words.size()); // without ./runbook
  }
}
