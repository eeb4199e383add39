package dev.drrunbooks.starter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code watch} on a terminal: each change redraws one screen in place instead of appending a
 * block, so the header and what waits for a person stay in sight. A line wider than the terminal is
 * cut (with "…"), never wrapped; when the checklist is taller than the screen, the steps that are
 * over give way first, and what waits (a gate, a failed step, a running one, and the command to
 * type) is always kept. Into a pipe or a file, or with {@code TERM=dumb}, the watcher appends as
 * before.
 */
final class TtyScreen {

  /** Moves the cursor home and clears the screen. */
  static final String CLEAR = "\u001B[H\u001B[2J";

  private static final Pattern SGR = Pattern.compile("\u001B\\[[0-9;]*m");

  /** Lines of steps that are over ({@code [x]} done, {@code [-]} skipped): the first to go. */
  private static final Pattern OVER = Pattern.compile("^\\s*- \\[[x-]\\].*");

  private TtyScreen() {}

  /** Whether to redraw in place: standard output is a terminal that understands it. */
  static boolean available() {
    return System.console() != null
        && !"dumb".equals(System.getenv("TERM"))
        && System.getenv("RUNBOOK_WATCH_APPEND") == null;
  }

  /** The terminal's rows and columns ({@code stty size}), or 24×80 when it cannot be read. */
  static int[] size() {
    try {
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
              .redirectErrorStream(true)
              .start();
      String answer = new String(stty.getInputStream().readAllBytes()).trim();
      if (stty.waitFor(1, TimeUnit.SECONDS) && stty.exitValue() == 0) {
        String[] parts = answer.split("\\s+");
        int rows = Integer.parseInt(parts[0]);
        int cols = Integer.parseInt(parts[1]);
        if (rows > 4 && cols > 20) {
          return new int[] {rows, cols};
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not a terminal we can ask: the usual size
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new int[] {24, 80};
  }

  /**
   * The text as one screen of {@code rows} × {@code cols}: every line cut to the width except a
   * command to type (it is left whole, for the terminal to wrap, so that it can be copied); the
   * first line kept; lines of steps that are over dropped from the top while the rest does not fit,
   * and counted on one line in their place.
   */
  static List<String> fit(List<String> lines, int rows, int cols) {
    List<String> cut = new ArrayList<>();
    for (String line : lines) {
      cut.add(line.contains("./runbook ") ? line : cut(line, cols));
    }
    int room = rows - 1; // the cursor's line after the last
    int excess = height(cut, cols) - room;
    if (excess <= 0) {
      return cut;
    }
    List<String> kept = new ArrayList<>();
    int dropped = 0;
    int markerAt = -1;
    for (int i = 0; i < cut.size(); i++) {
      // One line is taken by the count of what was dropped.
      String plain = SGR.matcher(cut.get(i)).replaceAll("");
      if (i > 0 && dropped < excess + 1 && OVER.matcher(plain).matches()) {
        if (markerAt < 0) {
          markerAt = kept.size();
          kept.add("");
        }
        dropped++;
        continue;
      }
      kept.add(cut.get(i));
    }
    if (markerAt >= 0) {
      kept.set(
          markerAt, "  … " + dropped + " finished step(s) above ('./runbook status' shows all)");
    }
    // Still too tall (a very small screen): keep the header and the last lines, where the
    // waiting step and its command are.
    while (height(kept, cols) > room && kept.size() > 2) {
      kept.remove(1);
    }
    return kept;
  }

  /** The rows the lines take on the screen, a long command wrapped by the terminal. */
  private static int height(List<String> lines, int cols) {
    int rows = 0;
    for (String line : lines) {
      int visible = SGR.matcher(line).replaceAll("").length();
      rows += Math.max(1, (visible + cols - 1) / cols);
    }
    return rows;
  }

  /**
   * Clears the screen. Written past the CLI's neutralising writer, which lets no control sequence
   * but colour through (text from outside must never move the cursor); this one is the CLI's own.
   */
  static void clear(java.io.PrintWriter out) {
    out.flush();
    java.io.PrintStream raw =
        new java.io.PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out),
            true,
            java.nio.charset.StandardCharsets.UTF_8);
    raw.print(CLEAR);
    raw.flush();
  }

  /** A line cut to {@code cols} visible characters (colour codes do not count), ending in "…". */
  static String cut(String line, int cols) {
    String plain = SGR.matcher(line).replaceAll("");
    if (plain.length() <= cols) {
      return line;
    }
    StringBuilder out = new StringBuilder();
    int visible = 0;
    int i = 0;
    while (i < line.length() && visible < cols - 1) {
      var escape = SGR.matcher(line).region(i, line.length());
      if (escape.lookingAt()) {
        out.append(escape.group());
        i = escape.end();
        continue;
      }
      out.append(line.charAt(i));
      visible++;
      i++;
    }
    return out.append("…").append(line.contains("\u001B[") ? "\u001B[0m" : "").toString();
  }
}
