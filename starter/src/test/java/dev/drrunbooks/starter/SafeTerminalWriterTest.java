package dev.drrunbooks.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * Everything the CLI prints passes this writer: outside escape sequences never reach a terminal.
 */
class SafeTerminalWriterTest {

  @Test
  void escapeSequencesFromOutside_areEscaped_whileOwnColoursPass_evenSplitAcrossWrites() {
    StringWriter screen = new StringWriter();
    PrintWriter out = SafeTerminalWriter.over(screen);

    out.print("\u001b[3");
    out.print("2m[x]\u001b[0m label=");
    out.println("\u001b[2J\u001b]0;pwned\u0007\u202Eevil");
    out.flush();

    assertThat(screen.toString())
        .isEqualTo(
            "\u001b[32m[x]\u001b[0m label=\\u001B[2J\\u001B]0;pwned\\u0007\\u202Eevil"
                + System.lineSeparator());
  }
}
