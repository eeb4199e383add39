package dev.drrunbooks.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.profile.ServiceProfile.NotificationChannel;
import dev.drrunbooks.text.Untrusted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A notification quoting hostile outside text (an alert's summary in its message, a name in its
 * title) reaches no chat, webhook or card with a control character, a direction override, a forged
 * line of its own, a Slack mention or link, or Markdown it was not meant to have.
 */
class HostileTextInNotificationsTest {

  private static final String HOSTILE =
      "\u001b[2J\u001b]0;retitled\u0007 \u009b31m \u202Eevil\u202C a\u2028b \r\u0000"
          + " <!channel> <http://evil.example|click> [x](http://evil.example) **bold**";

  @Test
  void everyChatFormat_carriesTheTextHarmless() {
    Notification n =
        new Notification(
            "gitee-notion-sync",
            "AppRollback",
            "recovery/aws/r/c/s",
            "INC-1",
            Notification.Level.CRITICAL,
            "Approval needed: " + HOSTILE,
            "Alert says: " + HOSTILE + "\n# forged heading",
            List.of(new NotificationChannel("slack", "URL")),
            "approve-rollback",
            "run-1",
            "ticket-1");
    Map<String, Map<String, Object>> formats =
        Map.of(
            "webhook", ChannelFormats.webhook(n, "https://ui.example/run"),
            "slack", ChannelFormats.slack(n, "https://ui.example/run"),
            "feishu", ChannelFormats.feishu(n, "https://ui.example/run", 1L, null),
            "dingtalk", ChannelFormats.dingtalk(n, "https://ui.example/run"));

    formats.forEach(
        (format, body) -> {
          List<String> texts = new ArrayList<>();
          strings(body, texts);
          assertThat(texts).as(format).isNotEmpty();
          for (String text : texts) {
            assertThat(text.codePoints().filter(cp -> cp != '\n'))
                .as(format + ": " + text)
                .noneMatch(Untrusted::unsafe);
            if (format.equals("dingtalk") || format.equals("feishu")) {
              // Markdown formats: a line of the message cannot become a heading.
              assertThat(text.lines()).as(format).noneMatch(l -> l.startsWith("# forged"));
            }
          }
        });
    List<String> slack = new ArrayList<>();
    strings(formats.get("slack"), slack);
    // Slack reads mentions and links in mrkdwn (the message and the fallback text that quote it);
    // the header is plain_text, where Slack reads neither.
    assertThat(slack.stream().filter(t -> t.contains("Alert says")))
        .hasSize(2)
        .noneMatch(t -> t.contains("<!channel>") || t.contains("<http://evil"));
    List<String> dingtalk = new ArrayList<>();
    strings(formats.get("dingtalk"), dingtalk);
    // The card's Markdown text: no link of the attacker's.
    assertThat(dingtalk.stream().filter(t -> t.startsWith("####")))
        .singleElement()
        .satisfies(t -> assertThat(t).doesNotContain("[x](http://evil"));
  }

  private static void strings(Object node, List<String> out) {
    if (node instanceof String s) {
      out.add(s);
    } else if (node instanceof Map<?, ?> m) {
      m.values().forEach(v -> strings(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> strings(v, out));
    }
  }
}
