package dev.drrunbooks.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one neutralising function: what it escapes, and what it leaves as it was. */
class UntrustedTest {

  @Test
  void controlsDirectionOverridesAndSeparators_areShownAsEscapes() {
    assertThat(Untrusted.line("a\u001b[2Jb\u009b31mc\u202Ed\u2028e\nf\tg"))
        .isEqualTo("a\\u001B[2Jb\\u009B31mc\\u202Ed\\u2028e\\nf\\tg");
    assertThat(Untrusted.clean("a\u2066b")).isFalse();
    assertThat(Untrusted.clean("回滚到修订版 40 ✓")).isTrue();
  }

  /** Ordinary text, Chinese and emoji among it, is not touched. */
  @Test
  void ordinaryText_isLeftAsItWas() {
    String text = "切换到备用区域 🔴 ops-lead: 5xx 40 %, p90 2.5 s";
    assertThat(Untrusted.line(text)).isSameAs(text);
    assertThat(Untrusted.text("two\nlines\r\n")).isEqualTo("two\nlines\n");
  }

  @Test
  void markdown_escapesEveryMarkupCharacter_onOneLine() {
    assertThat(Untrusted.markdown("[x](http://e) ![i](u) <b> `c` *s* _u_ |t| #h\nnext"))
        .isEqualTo(
            "\\[x\\](http://e) \\!\\[i\\](u) \\<b\\> \\`c\\` \\*s\\* \\_u\\_ \\|t\\| \\#h\\\\nnext");
  }

  /** The CLI's own colours pass; a screen clear, a title change or a C1 CSI does not. */
  @Test
  void terminal_keepsOnlyColourCodesAndLines() {
    assertThat(Untrusted.terminal("\u001b[32m[x]\u001b[0m ok\n\u001b[2J\u001b]0;t\u0007\u009b1m"))
        .isEqualTo("\u001b[32m[x]\u001b[0m ok\n\\u001B[2J\\u001B]0;t\\u0007\\u009B1m");
  }
}
