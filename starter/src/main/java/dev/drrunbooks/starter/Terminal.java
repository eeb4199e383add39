package dev.drrunbooks.starter;

import dev.drrunbooks.runbook.ProgressMarkdown.Style;

/** How the CLI writes the checklist: coloured on a terminal, plain into a pipe or a file. */
final class Terminal {

  private Terminal() {}

  /**
   * Colour when standard output is a terminal and neither {@code NO_COLOR} nor {@code TERM=dumb}
   * says otherwise; plain text otherwise. Markdown is for the Temporal UI only.
   */
  public static Style style() {
    boolean tty = System.console() != null;
    boolean noColor = System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"));
    return tty && !noColor ? Style.COLOR : Style.PLAIN;
  }
}
