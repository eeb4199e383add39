package dev.drrunbooks.starter;

import dev.drrunbooks.text.Untrusted;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * What the command line prints goes through {@link Untrusted#terminal}: whatever a run, a report or
 * a refusal quotes from outside (an alert's labels, a comment typed in the Temporal UI, a gate name
 * sent with an update) reaches the commander's terminal with its control characters escaped, and
 * only this project's own colour codes pass. Each formatter already escapes the outside text it
 * places; this is the last line, for what none of them knew was outside text.
 *
 * <p>Text is held back only while a possible colour code is incomplete, so a colour code split
 * across two writes is still recognised.
 */
public final class SafeTerminalWriter extends Writer {

  private final Writer out;
  private final StringBuilder pending = new StringBuilder();

  private SafeTerminalWriter(Writer out) {
    this.out = out;
  }

  /** A print writer over {@code out} that flushes on each line, as a console's does. */
  public static PrintWriter over(Writer out) {
    return new PrintWriter(new SafeTerminalWriter(out), true);
  }

  @Override
  public synchronized void write(char[] buf, int off, int len) throws IOException {
    pending.append(buf, off, len);
    int keep = incompleteEscapeStart();
    String ready = pending.substring(0, keep);
    pending.delete(0, keep);
    out.write(Untrusted.terminal(ready));
  }

  /** Where an escape sequence that may still become a colour code starts, or the end. */
  private int incompleteEscapeStart() {
    int esc = pending.lastIndexOf("\u001b");
    if (esc < 0 || pending.length() - esc > 16) {
      return pending.length();
    }
    for (int i = esc + 1; i < pending.length(); i++) {
      char c = pending.charAt(i);
      boolean colourSoFar = (i == esc + 1) ? c == '[' : (c >= '0' && c <= '9') || c == ';';
      if (!colourSoFar) {
        return pending.length();
      }
    }
    return esc;
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.write(Untrusted.terminal(pending.toString()));
    pending.setLength(0);
    out.close();
  }
}
