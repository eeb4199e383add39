package dev.drrunbooks.runbook;

import dev.drrunbooks.runbook.ApprovalRequest.Decision;
import java.time.Instant;

/** Who decided a gate, when and why: part of the run's audit trail (plan 5.1 step 4). */
public record ApprovalRecord(
    String gate, String approver, Decision decision, String comment, Instant at) {}
