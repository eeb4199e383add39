package dev.drrunbooks.receiver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Prometheus Alertmanager's webhook payload, version 4: a group of alerts, each firing or resolved,
 * identified by its fingerprint. Fields this receiver does not use are ignored, so a newer
 * Alertmanager's additions do not break it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerWebhook(
    String version,
    String groupKey,
    String status,
    String receiver,
    Map<String, String> commonLabels,
    List<Alert> alerts) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Alert(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      String generatorURL,
      String fingerprint) {

    public Map<String, String> labelsOrEmpty() {
      return labels == null ? Map.of() : labels;
    }

    public boolean firing() {
      return "firing".equals(status);
    }
  }
}
