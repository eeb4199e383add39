package dev.drrunbooks.backup;

import dev.drrunbooks.runbook.StepView;
import java.util.List;

/**
 * What a backup run wrote, and the real-time backup's freshness: RDS's latest restorable time
 * against the RPO ({@code realtimeWithinRpo} null when the profile names no instance).
 */
public record BackupResult(
    String service,
    String outcome,
    String setId,
    String kind,
    String manifest,
    long bytes,
    int objectsCopied,
    int objectsReused,
    int tables,
    long rows,
    List<String> latest,
    String pruned,
    String realtime,
    Boolean realtimeWithinRpo,
    long elapsedSeconds,
    List<StepView> steps,
    List<String> plannedActions) {}
