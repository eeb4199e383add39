package dev.drrunbooks.starter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.drrunbooks.runbook.ApprovalRequest;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import org.junit.jupiter.api.Test;

/**
 * A CLI one release ahead of a running worker: the approve update gained chat fields, which the CLI
 * never fills. Sent with nulls, a worker that does not know them refused the payload and its
 * workflow task failed over and over; left out, the older record reads it.
 */
class ClientDataConverterTest {

  /** The approve update's record as a worker before the chat fields knew it. */
  record OlderApprovalRequest(
      String gate,
      String approver,
      ApprovalRequest.Decision decision,
      String comment,
      String via) {}

  @Test
  void newOptionalFieldsLeftNull_areReadByAWorkerThatDoesNotKnowThem() {
    var payload =
        ServerConnection.DATA_CONVERTER
            .toPayload(
                new ApprovalRequest(
                    "approve-rollback", "ops-lead", null, "logs show it", "alice@laptop"))
            .orElseThrow();
    var strict =
        new JacksonJsonPayloadConverter(
            JacksonJsonPayloadConverter.newDefaultObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    OlderApprovalRequest read =
        strict.fromData(payload, OlderApprovalRequest.class, OlderApprovalRequest.class);

    assertThat(read.gate()).isEqualTo("approve-rollback");
    assertThat(read.approver()).isEqualTo("ops-lead");
    assertThat(payload.getData().toStringUtf8()).doesNotContain("null").doesNotContain("chat");
  }
}
