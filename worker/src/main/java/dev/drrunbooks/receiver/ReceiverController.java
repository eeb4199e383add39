package dev.drrunbooks.receiver;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The receiver's HTTP face: bodies and headers in, {@link AlertReceiver}'s answers out. */
@RestController
public class ReceiverController {

  private final AlertReceiver receiver;
  private final ReceiverApplication.Chats chats;

  public ReceiverController(AlertReceiver receiver, ReceiverApplication.Chats chats) {
    this.receiver = receiver;
    this.chats = chats;
  }

  /** A gate decided with a button in Slack (the Slack app's interactivity request URL). */
  @PostMapping("/chat/slack/actions")
  public ResponseEntity<String> slackAction(
      @RequestHeader(value = "X-Slack-Request-Timestamp", required = false) String timestamp,
      @RequestHeader(value = "X-Slack-Signature", required = false) String signature,
      HttpServletRequest request)
      throws IOException {
    return chat(
        request,
        chats.slack() == null ? null : body -> chats.slack().handle(timestamp, signature, body),
        "Slack approvals are not configured: set RUNBOOK_SLACK_SIGNING_SECRET");
  }

  /** A gate decided with a button of a Feishu card (the app's card callback request URL). */
  @PostMapping("/chat/feishu/actions")
  public ResponseEntity<String> feishuAction(
      @RequestHeader(value = "X-Lark-Request-Timestamp", required = false) String timestamp,
      @RequestHeader(value = "X-Lark-Request-Nonce", required = false) String nonce,
      @RequestHeader(value = "X-Lark-Signature", required = false) String signature,
      HttpServletRequest request)
      throws IOException {
    return chat(
        request,
        chats.feishu() == null
            ? null
            : body -> chats.feishu().handle(timestamp, nonce, signature, body),
        "Feishu approvals are not configured: set RUNBOOK_FEISHU_ENCRYPT_KEY and"
            + " RUNBOOK_FEISHU_VERIFICATION_TOKEN");
  }

  /** A gate decided in DingTalk: the robot's message callback (its HTTP message receiving URL). */
  @PostMapping("/chat/dingtalk/robot")
  public ResponseEntity<String> dingtalkRobot(
      @RequestHeader(value = "timestamp", required = false) String timestamp,
      @RequestHeader(value = "sign", required = false) String sign,
      HttpServletRequest request)
      throws IOException {
    return chat(
        request,
        chats.dingtalk() == null ? null : body -> chats.dingtalk().handle(timestamp, sign, body),
        "DingTalk approvals are not configured: set RUNBOOK_DINGTALK_APP_SECRET");
  }

  /** Reads at most the limit, then lets the platform's handler answer; 404 when not configured. */
  private ResponseEntity<String> chat(
      HttpServletRequest request,
      java.util.function.Function<byte[], AlertReceiver.Answer> handler,
      String notConfigured)
      throws IOException {
    byte[] body = request.getInputStream().readNBytes(AlertReceiver.MAX_BODY_BYTES + 1);
    AlertReceiver.Answer answer =
        handler == null
            ? new AlertReceiver.Answer(404, Map.of("error", notConfigured))
            : body.length > AlertReceiver.MAX_BODY_BYTES
                ? new AlertReceiver.Answer(413, Map.of("error", "body too large"))
                : handler.apply(body);
    return ResponseEntity.status(answer.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(receiver.render(answer));
  }

  /** Alertmanager's webhook ({@code webhook_configs[].url}), with its bearer token. */
  @PostMapping("/alerts/alertmanager")
  public ResponseEntity<String> alertmanager(
      @RequestHeader(value = "Authorization", required = false) String authorization,
      HttpServletRequest request)
      throws IOException {
    // Never more than the limit in memory: one byte over says "too large".
    byte[] body = request.getInputStream().readNBytes(AlertReceiver.MAX_BODY_BYTES + 1);
    AlertReceiver.Answer answer = receiver.alertmanager(authorization, body);
    return ResponseEntity.status(answer.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(receiver.render(answer));
  }

  /** CloudWatch alarms through an SNS HTTPS subscription; the message's signature authenticates. */
  @PostMapping("/alerts/cloudwatch")
  public ResponseEntity<String> cloudwatch(HttpServletRequest request) throws IOException {
    byte[] body = request.getInputStream().readNBytes(AlertReceiver.MAX_BODY_BYTES + 1);
    AlertReceiver.Answer answer = receiver.cloudwatch(body);
    return ResponseEntity.status(answer.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(receiver.render(answer));
  }

  @GetMapping("/health")
  public ResponseEntity<String> health() {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(receiver.render(new AlertReceiver.Answer(200, Map.of("status", "UP"))));
  }

  /** For Prometheus to scrape. */
  @GetMapping("/metrics/prometheus")
  public ResponseEntity<String> prometheus() {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8"))
        .body(receiver.metrics().prometheus());
  }

  @GetMapping("/metrics")
  public ResponseEntity<String> metrics() {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(receiver.render(new AlertReceiver.Answer(200, receiver.metrics().snapshot())));
  }
}
