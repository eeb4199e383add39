package dev.drrunbooks.text;

/**
 * The one function through which text that came from outside is printed: alert labels and
 * annotations, SNS fields, chat messages, notes, comments, reasons, anything a person or a system
 * typed. Such text is stored as it was given; only where it is shown is it made harmless.
 *
 * <p>What is made visible, as a JSON-style escape ({@code \n}, {@code \u001B}, {@code \u202E}),
 * never passed through: C0 and C1 control characters and DEL (a terminal obeys ESC, CSI U+009B and
 * OSC, a log or a Markdown file takes a newline for a new line), the bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) and marks that reorder what a reader sees, and the line
 * and paragraph separators U+2028 and U+2029. The escapes are valid inside a JSON string, so a JSON
 * document passed through {@link #terminal} stays the same document.
 */
public final class Untrusted {

  private Untrusted() {}

  /** Whether this code point must never reach a terminal, a log line or a Markdown line raw. */
  public static boolean unsafe(int cp) {
    return Character.getType(cp) == Character.CONTROL
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0x200E
        || cp == 0x200F
        || cp == 0x061C
        || cp == 0x2028
        || cp == 0x2029;
  }

  /** Whether the text holds nothing {@link #unsafe}: what checks on typed input ask. */
  public static boolean clean(String text) {
    return text == null || text.codePoints().noneMatch(Untrusted::unsafe);
  }

  /** One line: every unsafe character, newlines and tabs among them, shown as an escape. */
  public static String line(String text) {
    return escape(text, false);
  }

  /** Several lines: newlines and tabs kept (CR LF read as one newline), everything else escaped. */
  public static String text(String text) {
    return text == null ? null : escape(text.replace("\r\n", "\n"), true);
  }

  /**
   * One line of Markdown: {@link #line}, then every character Markdown would read as markup escaped
   * with a backslash, so outside text can add no link, image, emphasis, code, table cell or HTML to
   * a report or to the Temporal UI's details.
   */
  public static String markdown(String text) {
    String flat = line(text);
    if (flat == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(flat.length() + 8);
    for (int i = 0; i < flat.length(); i++) {
      char c = flat.charAt(i);
      if ("\\`*_[]<>|#!~{}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Several lines of Markdown: each line as {@link #markdown}, the lines kept. */
  public static String markdownLines(String text) {
    if (text == null) {
      return null;
    }
    return String.join(
        "\n",
        java.util.Arrays.stream(text.replace("\r\n", "\n").split("\n", -1))
            .map(Untrusted::markdown)
            .toList());
  }

  /**
   * What a terminal may be sent: lines and tabs kept, and this project's own colour codes ({@code
   * ESC [ digits ; m}, SGR) too; every other unsafe character escaped. For whole outputs of the
   * command line, after each piece of outside text in them went through {@link #line}.
   */
  public static String terminal(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int sgr = sgrLength(text, i);
      if (sgr > 0) {
        out.append(text, i, i + sgr);
        i += sgr;
        continue;
      }
      int cp = text.codePointAt(i);
      if (cp == '\n' || cp == '\t' || !unsafe(cp)) {
        out.appendCodePoint(cp);
      } else {
        appendEscape(out, cp);
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /** The length of a colour code ({@code ESC [ 0-9; m}) starting at {@code i}, else 0. */
  static int sgrLength(CharSequence text, int i) {
    if (text.charAt(i) != 0x1B || i + 2 >= text.length() || text.charAt(i + 1) != '[') {
      return 0;
    }
    for (int j = i + 2; j < text.length() && j < i + 16; j++) {
      char c = text.charAt(j);
      if (c == 'm') {
        return j + 1 - i;
      }
      if (!(c >= '0' && c <= '9') && c != ';') {
        return 0;
      }
    }
    return 0;
  }

  private static String escape(String text, boolean keepLines) {
    if (text == null) {
      return null;
    }
    if (clean(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            cp -> {
              if (keepLines && (cp == '\n' || cp == '\t')) {
                out.appendCodePoint(cp);
              } else if (unsafe(cp)) {
                appendEscape(out, cp);
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  private static void appendEscape(StringBuilder out, int cp) {
    switch (cp) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> out.append(String.format("\\u%04X", cp));
    }
  }
}
