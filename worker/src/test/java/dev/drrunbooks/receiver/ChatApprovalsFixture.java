package dev.drrunbooks.receiver;

import dev.drrunbooks.activities.profile.ProfileLoader;
import dev.drrunbooks.runbook.ApprovalRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Chat approvals over the repository's profiles, with the approve update recorded or refused. */
final class ChatApprovalsFixture {

  private ChatApprovalsFixture() {}

  static ProfileLoader profiles() {
    return new ProfileLoader(Path.of("..", "runbooks"), name -> null);
  }

  /** Each update sent is recorded as {@code <run> <gate> <decision> <approver> <via>}. */
  static ChatApprovals recording(List<String> sent, Instant now) {
    return new ChatApprovals(
        profiles(),
        (id, r) -> {
          sent.add(
              String.join(" ", id, r.gate(), r.decisionOrDefault().name(), r.approver(), r.via()));
          return new ApprovalRecord(
              r.gate(), r.approver(), r.decisionOrDefault(), r.comment(), now);
        });
  }

  /** The workflow refuses every update, as a run whose gate no longer waits does. */
  static ChatApprovals refusing(String why) {
    return new ChatApprovals(
        profiles(),
        (id, r) -> {
          throw new IllegalStateException(why);
        });
  }
}
