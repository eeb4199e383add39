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

  public ReceiverController(AlertReceiver receiver) {
    this.receiver = receiver;
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
