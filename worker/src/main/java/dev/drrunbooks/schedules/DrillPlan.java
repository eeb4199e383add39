package dev.drrunbooks.schedules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.drrunbooks.backup.BackupRequest;
import dev.drrunbooks.backup.BackupVerificationRequest;
import dev.drrunbooks.backup.BackupVerificationWorkflow;
import dev.drrunbooks.backup.BackupWorkflow;
import dev.drrunbooks.drill.DrillRequest;
import dev.drrunbooks.drill.DrillWorkflow;
import dev.drrunbooks.procedures.ProcedureCatalog;
import dev.drrunbooks.runbook.RunbookRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What runs on a timetable, from {@code runbooks/drills.yaml}: the drill programme of plan section
 * 6 and the backup strategy's schedules (plan 4.2; task list section 2: hourly incremental and
 * daily full backups, a daily backup verification), as Temporal Schedules. Every entry is checked
 * before anything is applied.
 *
 * @param catchupWindow how late a missed run may still start (a server that was down); later ones
 *     are skipped, not piled up
 * @param pauseOnFailure a failed run pauses its schedule until someone looks
 */
record DrillPlan(
    Duration catchupWindow, boolean pauseOnFailure, List<Entry> drills, List<BackupEntry> backups) {

  /** One schedule: what it starts, with which input, when. */
  public interface Scheduled {
    /** The schedule's id, e.g. {@code drill-quarterly-full}. */
    String id();

    String description();

    /** When, in UTC, as cron expressions (minute hour day-of-month month day-of-week). */
    List<String> cron();

    boolean paused();

    /** The workflow type a scheduled start runs. */
    String workflowType();

    /** The workflow id of each start (the server appends the scheduled time). */
    String workflowId();

    /** The workflow's input, exactly as a scheduled start sends it. */
    RunbookRequest request();

    /** What it runs, in a few words, e.g. {@code network-outage on sandbox}. */
    String what();
  }

  /** One scheduled drill. */
  public record Entry(
      String id,
      String description,
      String scenario,
      String service,
      List<String> participants,
      List<String> cron,
      boolean paused)
      implements Scheduled {

    @Override
    public DrillRequest request() {
      return new DrillRequest(
          service, scenario, DrillRequest.SIMULATION, participants, "schedule " + id, null, false);
    }

    @Override
    public String workflowType() {
      return DrillWorkflow.TYPE;
    }

    @Override
    public String workflowId() {
      return "drill/scheduled/" + id;
    }

    @Override
    public String what() {
      return scenario + " on " + service;
    }
  }

  /**
   * One scheduled backup or backup verification.
   *
   * @param procedure {@code backup} or {@code backup-verification}
   * @param kind for a backup: {@code full} or {@code incremental}
   */
  public record BackupEntry(
      String id,
      String description,
      String procedure,
      String kind,
      String service,
      List<String> cron,
      boolean paused)
      implements Scheduled {

    static final List<String> PROCEDURES =
        List.of(ProcedureCatalog.BACKUP.name(), ProcedureCatalog.BACKUP_VERIFICATION.name());

    boolean verification() {
      return ProcedureCatalog.BACKUP_VERIFICATION.name().equals(procedure);
    }

    @Override
    public RunbookRequest request() {
      return verification()
          ? new BackupVerificationRequest(service, false, null, "schedule " + id, null)
          : new BackupRequest(service, false, null, "schedule " + id, null, kind, null);
    }

    @Override
    public String workflowType() {
      return verification() ? BackupVerificationWorkflow.TYPE : BackupWorkflow.TYPE;
    }

    @Override
    public String workflowId() {
      return procedure + "/scheduled/" + id;
    }

    @Override
    public String what() {
      return procedure + (verification() ? "" : " (" + kind + ")") + " of " + service;
    }
  }

  public DrillPlan {
    catchupWindow = catchupWindow == null ? Duration.ofHours(1) : catchupWindow;
    drills = drills == null ? List.of() : List.copyOf(drills);
    backups = backups == null ? List.of() : List.copyOf(backups);
  }

  /** Every schedule: the drills, then the backups. */
  public List<Scheduled> all() {
    List<Scheduled> all = new ArrayList<>(drills);
    all.addAll(backups);
    return all;
  }

  public static DrillPlan load(Path file) {
    DrillPlan plan;
    try {
      plan =
          JsonMapper.builder(new YAMLFactory())
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
              .build()
              .readValue(Files.readAllBytes(file), DrillPlan.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "drills " + file + " cannot be read: " + e.getMessage().split("\n")[0], e);
    }
    List<String> problems = plan.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "drills " + file + " are invalid: " + String.join("; ", problems));
    }
    return plan;
  }

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < drills.size(); i++) {
      Entry d = drills.get(i);
      String at = "drills[" + i + "]" + (d.id() == null ? "" : " (" + d.id() + ")");
      common(d, at, ids, problems);
      for (String p : d.request().problems()) {
        problems.add(at + ": " + p);
      }
    }
    for (int i = 0; i < backups.size(); i++) {
      BackupEntry b = backups.get(i);
      String at = "backups[" + i + "]" + (b.id() == null ? "" : " (" + b.id() + ")");
      common(b, at, ids, problems);
      if (!BackupEntry.PROCEDURES.contains(b.procedure())) {
        problems.add(at + ".procedure must be one of " + BackupEntry.PROCEDURES);
        continue;
      }
      if (b.verification() && b.kind() != null) {
        problems.add(at + ".kind is for a backup, not a backup verification");
      }
      if (!b.verification() && b.kind() == null) {
        problems.add(at + ".kind must be full or incremental");
      }
      for (String p : b.request().problems()) {
        problems.add(at + ": " + p);
      }
    }
    if (catchupWindow.isNegative() || catchupWindow.isZero()) {
      problems.add("catchupWindow must be positive");
    }
    return problems;
  }

  private static void common(Scheduled s, String at, Set<String> ids, List<String> problems) {
    if (s.id() == null || !s.id().matches("[a-z0-9][a-z0-9-]{0,62}")) {
      problems.add(at + ".id must be lowercase letters, digits and dashes");
    } else if (!ids.add(s.id())) {
      problems.add(at + ".id is used twice");
    }
    if (s.cron() == null || s.cron().isEmpty()) {
      problems.add(at + ".cron must give at least one time");
      return;
    }
    for (String c : s.cron()) {
      if (c == null || c.trim().split("\\s+").length != 5) {
        problems.add(
            at + ".cron '" + c + "' must have five fields (minute hour day month weekday)");
      }
    }
  }
}
