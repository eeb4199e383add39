package dev.drrunbooks.activities.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drrunbooks.notify.Notification;
import dev.drrunbooks.text.Untrusted;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The message each chat expects, and their signing schemes:
 *
 * <ul>
 *   <li>Slack incoming webhook: Block Kit (header, the message, a context line, a button to the
 *       run) with {@code text} as the notification fallback.
 *   <li>Feishu custom bot: an interactive card with a header coloured by level; with signing on,
 *       {@code timestamp} (seconds) and {@code sign} = Base64(HmacSHA256(key = timestamp + "\n" +
 *       secret, data = empty)) in the body.
 *   <li>DingTalk custom robot: markdown; with signing on, {@code timestamp} (milliseconds) and
 *       {@code sign} = URL-encoded Base64(HmacSHA256(key = secret, data = timestamp + "\n" +
 *       secret)) in the URL's query.
 * </ul>
 */
final class ChannelFormats {

  private ChannelFormats() {}

  static Map<String, Object> webhook(Notification n, String link) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", "[" + n.level() + "] " + line(n.title()) + ": " + line(n.message()));
    body.put("level", n.level().name());
    body.put("service", line(n.service()));
    body.put("procedure", n.procedure());
    body.put("workflowId", line(n.workflowId()));
    body.put("incidentId", line(n.incidentId()));
    body.put("title", line(n.title()));
    body.put("message", Untrusted.text(n.message()));
    body.put("link", link);
    return body;
  }

  /** Action ids of the gate buttons (Slack and Feishu), which the receiver answers. */
  public static final String SLACK_APPROVE = "runbook-approve";

  public static final String SLACK_REJECT = "runbook-reject";

  /**
   * What a gate button carries back, as one line: the run (workflow id and run id), the gate, and
   * the ticket the run issued when the gate opened. The run takes a click only with that ticket.
   */
  static String slackGateValue(Notification n) {
    return n.workflowId() + "|" + n.runId() + "|" + n.gate() + "|" + n.ticket();
  }

  /** Whether chat buttons can decide this notification's gate: it names the opening's ticket. */
  static boolean hasGateButtons(Notification n) {
    return n.gate() != null && n.runId() != null && n.ticket() != null;
  }

  private static Map<String, Object> slackButton(
      String text, String actionId, String value, String style) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("type", "button");
    b.put("text", Map.of("type", "plain_text", "text", text));
    b.put("action_id", actionId);
    b.put("value", value);
    b.put("style", style);
    return b;
  }

  static Map<String, Object> slack(Notification n, String link) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(
        Map.of(
            "type",
            "header",
            "text",
            Map.of("type", "plain_text", "text", clip(icon(n) + " " + line(n.title()), 150))));
    blocks.add(
        Map.of(
            "type",
            "section",
            "text",
            Map.of("type", "mrkdwn", "text", clip(slackText(n.message()), 3000))));
    blocks.add(
        Map.of(
            "type",
            "context",
            "elements",
            List.of(Map.of("type", "mrkdwn", "text", slackText(context(n))))));
    List<Object> buttons = new ArrayList<>();
    if (hasGateButtons(n)) {
      // Decided in Slack: the receiver checks Slack's signature; the run maps the clicking user to
      // one of its approvers and takes the ticket once.
      String value = slackGateValue(n);
      buttons.add(slackButton("Approve", SLACK_APPROVE, value, "primary"));
      buttons.add(slackButton("Reject", SLACK_REJECT, value, "danger"));
    }
    if (link != null) {
      buttons.add(
          Map.of(
              "type",
              "button",
              "text",
              Map.of("type", "plain_text", "text", "Open the run"),
              "url",
              link));
    }
    if (!buttons.isEmpty()) {
      blocks.add(Map.of("type", "actions", "elements", buttons));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "text",
        slackText("[" + n.level() + "] " + line(n.title()) + ": " + clip(line(n.message()), 300)));
    body.put("blocks", blocks);
    return body;
  }

  static Map<String, Object> feishu(Notification n, String link, long epochSeconds, String secret) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (secret != null && !secret.isBlank()) {
      body.put("timestamp", String.valueOf(epochSeconds));
      body.put("sign", hmacBase64(epochSeconds + "\n" + secret, ""));
    }
    body.put("msg_type", "interactive");
    // A custom bot's card cannot call back: its only button is the link to the run.
    body.put("card", feishuCard(n, link, false));
    return body;
  }

  /**
   * A Feishu card: the message, a context note, and buttons. {@code gateButtons} adds Approve and
   * Reject, whose {@code value} comes back in the app's {@code card.action.trigger} callback; only
   * an app bot's card can carry them.
   */
  static Map<String, Object> feishuCard(Notification n, String link, boolean gateButtons) {
    List<Object> elements = new ArrayList<>();
    elements.add(
        Map.of(
            "tag",
            "div",
            "text",
            Map.of("tag", "lark_md", "content", Untrusted.markdownLines(n.message()))));
    elements.add(
        Map.of(
            "tag",
            "note",
            "elements",
            List.of(Map.of("tag", "plain_text", "content", line(context(n))))));
    List<Object> buttons = new ArrayList<>();
    if (gateButtons && hasGateButtons(n)) {
      buttons.add(feishuGateButton("Approve", SLACK_APPROVE, n, "primary"));
      buttons.add(feishuGateButton("Reject", SLACK_REJECT, n, "danger"));
    }
    if (link != null) {
      buttons.add(
          Map.of(
              "tag",
              "button",
              "text",
              Map.of("tag", "plain_text", "content", "Open the run"),
              "url",
              link,
              "type",
              buttons.isEmpty() ? "primary" : "default"));
    }
    if (!buttons.isEmpty()) {
      elements.add(Map.of("tag", "action", "actions", buttons));
    }
    Map<String, Object> card = new LinkedHashMap<>();
    card.put(
        "header",
        Map.of(
            "title",
            Map.of("tag", "plain_text", "content", line(n.title())),
            "template",
            switch (n.level()) {
              case CRITICAL -> "red";
              case WARNING -> "orange";
              default -> "blue";
            }));
    card.put("elements", elements);
    return card;
  }

  private static Map<String, Object> feishuGateButton(
      String text, String action, Notification n, String type) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("action", action);
    value.put("workflowId", n.workflowId());
    value.put("runId", n.runId());
    value.put("gate", n.gate());
    value.put("ticket", n.ticket());
    return Map.of(
        "tag",
        "button",
        "text",
        Map.of("tag", "plain_text", "content", text),
        "type",
        type,
        "value",
        value);
  }

  /** What a DingTalk gate button makes the clicking user send to the team's robot. */
  static String dingtalkGateLine(String decision, Notification n) {
    return "runbook "
        + decision
        + " "
        + n.workflowId()
        + " "
        + n.runId()
        + " "
        + n.gate()
        + " "
        + n.ticket();
  }

  static Map<String, Object> dingtalk(Notification n, String link) {
    StringBuilder text = new StringBuilder();
    text.append("#### ").append(icon(n)).append(' ').append(md(n.title())).append("\n\n");
    text.append(Untrusted.markdownLines(n.message())).append("\n\n");
    text.append("> ").append(md(context(n))).append('\n');
    Map<String, Object> body = new LinkedHashMap<>();
    if (hasGateButtons(n)) {
      // An action card: each gate button sends its decision line to the robot as the clicking
      // user (DingTalk's sendMessage link); the receiver checks DingTalk's signature, the run maps
      // the sender's staff id to one of its approvers and takes the ticket once.
      text.append("\nOr send: `").append(dingtalkGateLine("approve", n)).append('`');
      List<Object> buttons = new ArrayList<>();
      buttons.add(dingtalkButton("Approve", dingtalkSendMessage(dingtalkGateLine("approve", n))));
      buttons.add(dingtalkButton("Reject", dingtalkSendMessage(dingtalkGateLine("reject", n))));
      if (link != null) {
        buttons.add(dingtalkButton("Open the run", link));
      }
      Map<String, Object> card = new LinkedHashMap<>();
      card.put("title", line(n.title()));
      card.put("text", text.toString());
      card.put("btnOrientation", "1");
      card.put("btns", buttons);
      body.put("msgtype", "actionCard");
      body.put("actionCard", card);
      return body;
    }
    if (link != null) {
      text.append("\n[Open the run](").append(link).append(')');
    }
    body.put("msgtype", "markdown");
    body.put("markdown", Map.of("title", line(n.title()), "text", text.toString()));
    return body;
  }

  private static Map<String, Object> dingtalkButton(String title, String url) {
    return Map.of("title", title, "actionURL", url);
  }

  private static String dingtalkSendMessage(String line) {
    return "dtmd://dingtalkclient/sendMessage?content="
        + URLEncoder.encode(line, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** DingTalk's signed URL: {@code &timestamp=...&sign=...} appended to the webhook URL. */
  static String dingtalkSigned(String url, long epochMillis, String secret) {
    String sign = hmacBase64(secret, epochMillis + "\n" + secret);
    return url
        + (url.contains("?") ? "&" : "?")
        + "timestamp="
        + epochMillis
        + "&sign="
        + URLEncoder.encode(sign, StandardCharsets.UTF_8);
  }

  /** Feishu's {@code code} or DingTalk's {@code errcode} when not 0; null when accepted. */
  static String refusal(String type, String body, ObjectMapper json) {
    if (body == null || body.isBlank() || !("feishu".equals(type) || "dingtalk".equals(type))) {
      return null;
    }
    try {
      JsonNode answer = json.readTree(body);
      JsonNode code = answer.has("errcode") ? answer.get("errcode") : answer.get("code");
      if (code == null || code.asInt() == 0) {
        return null;
      }
      String message =
          answer.has("errmsg") ? answer.path("errmsg").asText() : answer.path("msg").asText();
      return code.asText() + " " + message;
    } catch (IOException notJson) {
      return null;
    }
  }

  static String hmacBase64(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String context(Notification n) {
    return n.level()
        + " · "
        + n.procedure()
        + " · "
        + n.service()
        + (n.incidentId() == null ? "" : " · incident " + n.incidentId())
        + " · "
        + n.workflowId();
  }

  private static String icon(Notification n) {
    return switch (n.level()) {
      case CRITICAL -> "🔴";
      case WARNING -> "🟠";
      default -> "🔵";
    };
  }

  private static String line(String text) {
    return Untrusted.line(text);
  }

  private static String md(String text) {
    return Untrusted.markdown(text);
  }

  /**
   * Outside text in Slack's mrkdwn: lines kept, controls escaped, and {@code & < >} as the entities
   * Slack asks for, so no text can form a link or a {@code <!channel>} mention.
   */
  static String slackText(String text) {
    return text == null
        ? null
        : Untrusted.text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String clip(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
