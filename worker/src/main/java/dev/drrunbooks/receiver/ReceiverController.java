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
  private final org.springframework.beans.factory.ObjectProvider<SlackActions> slack;

  public ReceiverController(
      AlertReceiver receiver,
      org.springframework.beans.factory.ObjectProvider<SlackActions> slack) {
    this.receiver = receiver;
    this.slack = slack;
  }

  /** A gate decided with a button in Slack (the Slack app's interactivity request URL). */
  @PostMapping("/chat/slack/actions")
  public ResponseEntity<String> slackAction(
      @RequestHeader(value = "X-Slack-Request-Timestamp", required = false) String timestamp,
      @RequestHeader(value = "X-Slack-Signature", required = false) String signature,
      HttpServletRequest request)
      throws IOException {
    byte[] body = request.getInputStream().readNBytes(AlertReceiver.MAX_BODY_BYTES + 1);
    SlackActions actions = slack.getIfAvailable();
    AlertReceiver.Answer answer =
        actions == null
            ? new AlertReceiver.Answer(
                404,
                Map.of(
                    "error",
                    "Slack approvals are not configured: set RUNBOOK_SLACK_SIGNING_SECRET"))
            : body.length > AlertReceiver.MAX_BODY_BYTES
                ? new AlertReceiver.Answer(413, Map.of("error", "body too large"))
                : actions.handle(timestamp, signature, body);
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

  @GetMapping("/metrics")
  public ResponseEntity<String> metrics() {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(receiver.render(new AlertReceiver.Answer(200, receiver.metrics().snapshot())));
  }
}
