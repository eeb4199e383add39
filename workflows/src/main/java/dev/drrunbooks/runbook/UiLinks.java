package dev.drrunbooks.runbook;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links to a run's page in the Temporal UI, for the CLI and every notification. */
public final class UiLinks {

  private UiLinks() {}

  /** The Temporal UI's page of a run under {@code base}, or null without a base. */
  public static String of(String base, String namespace, String workflowId) {
    if (base == null || base.isBlank() || workflowId == null) {
      return null;
    }
    return base.replaceAll("/+$", "")
        + "/namespaces/"
        + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
        + "/workflows/"
        + URLEncoder.encode(workflowId, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
