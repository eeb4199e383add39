package dev.drrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.incident.DecideRequest;
import dev.drrunbooks.incident.NoteRequest;
import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.ApprovalRequest;
import dev.drrunbooks.runbook.CancelRequest;
import dev.drrunbooks.runbook.Procedure;
import dev.drrunbooks.runbook.RunbookRequest;
import dev.drrunbooks.runbook.StepResolutionRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator guide's Temporal UI inputs are exactly what the workflows take: each JSON object is
 * read by Temporal's own data converter into its record (which refuses an unknown field, as a run
 * would), a start input passes the request's own checks, and the ids are the real service's.
 */
class OperatorGuideUiTest {

  static final Path GUIDE = Path.of("..", "docs", "operator-guide.md");
  static final Path GUIDE_ZH = Path.of("..", "docs", "operator-guide.zh-CN.md");
  static final Pattern ROW =
      Pattern.compile("(?m)^\\| [^|]+ \\| (`?[A-Za-z]+`?) \\| ([^|]+) \\| `(\\{.*\\})` \\|$");

  static final Map<String, Class<?>> MESSAGES =
      Map.of(
          "approve", ApprovalRequest.class,
          "resolveStep", StepResolutionRequest.class,
          "decide", DecideRequest.class,
          "addNote", NoteRequest.class,
          "cancelReason", CancelRequest.class);

  @Test
  void everyUiInputIsTheRecordItsWorkflowOrUpdateTakes() throws Exception {
    uiInputsAreRecords(section(GUIDE, "## From the Temporal UI"));
    uiInputsAreRecords(section(GUIDE_ZH, "## 从 Temporal UI 操作"));
  }

  private static void uiInputsAreRecords(String section) {
    Matcher row = ROW.matcher(section);
    Set<String> started = new TreeSet<>();
    Set<String> sent = new TreeSet<>();
    int rows = 0;
    while (row.find()) {
      rows++;
      String first = row.group(1).replace("`", "");
      String second = row.group(2).trim().replace("`", "");
      String json = row.group(3);
      Procedure procedure =
          ProcedureCatalog.ALL.stream()
              .filter(p -> p.workflowType().equals(first))
              .findFirst()
              .orElse(null);
      Object value;
      if (procedure != null) {
        value = read(json, procedure.requestType());
        assertThat(((RunbookRequest) value).problems()).as(json).isEmpty();
        started.add(first);
      } else {
        Class<?> type = MESSAGES.get(second);
        assertThat(type).as("update or signal '%s' in the guide", second).isNotNull();
        value = read(json, type);
        sent.add(second);
      }
      assertThat(value).as(json).isNotNull();
    }
    assertThat(rows).isGreaterThanOrEqualTo(15);
    assertThat(started)
        .as("every procedure can be started from the UI as the guide says")
        .containsExactlyInAnyOrderElementsOf(
            ProcedureCatalog.ALL.stream().map(Procedure::workflowType).toList());
    assertThat(sent).containsExactlyInAnyOrderElementsOf(MESSAGES.keySet());
  }

  @Test
  void theGuidesIdsAreTheRealServices() throws Exception {
    ServiceProfile real =
        new ProfileLoader(Path.of("..", "runbooks"), name -> null).load("gitee-notion-sync");
    String resource =
        "aws/" + real.regions().primary() + "/" + real.ecs().cluster() + "/" + real.ecs().service();
    assertThat(section(GUIDE, "## From the Temporal UI"))
        .contains("`recovery/" + resource + "`", "`incident/" + resource + "`");
  }

  @Test
  void anUnknownFieldIsRefused_asTheWorkflowWould() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                read(
                    "{\"gate\":\"approve-rollback\",\"approvr\":\"ops-lead\"}",
                    ApprovalRequest.class))
        .hasMessageContaining("approvr");
  }

  private static String section(Path file, String heading) throws Exception {
    String guide = Files.readString(file);
    int start = guide.indexOf(heading);
    assertThat(start).isNotNegative();
    return guide.substring(start, guide.indexOf("\n## ", start + 3));
  }

  private static <T> T read(String json, Class<T> type) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
            .build();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, type, type);
  }
}
