package dev.drrunbooks.validation;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ProfileActivities;
import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.FailureTypes;
import dev.drrunbooks.runbook.Failures;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.runbook.RunbookOptions;
import dev.drrunbooks.runbook.RunbookWorkflowBase;
import dev.drrunbooks.runbook.Step;
import dev.drrunbooks.service.DnsRecords;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.Failovers;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.sync.CanaryPost;
import dev.drrunbooks.sync.IntegrityFacts;
import dev.drrunbooks.sync.Reachability;
import dev.drrunbooks.sync.SyncChecks;
import dev.drrunbooks.sync.SyncTarget;
import dev.drrunbooks.sync.SyncWrites;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.Check.Verdict;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation after a recovery, as the plan lists it (5.3): service health, data integrity, key
 * functions, integration with external systems. Every check runs at once and says what it saw. A
 * check that fails waits for a person (retry once fixed, skip to accept, abort), while the others
 * go on; the report keeps the failure either way.
 */
public class ValidationWorkflowImpl extends RunbookWorkflowBase implements ValidationWorkflow {

  static final String LOAD_PROFILE = "load-profile";
  static final String LOCATE = "locate-service";
  static final String SERVICE_HEALTH = "service-health";
  static final String GITEE = "gitee-reachable";
  static final String NOTION = "notion-reachable";
  static final String DATA_INTEGRITY = "data-integrity";
  static final String CANARY = "canary";

  static final List<Step> PLAN =
      List.of(
          Step.required(LOAD_PROFILE, "Load the service profile")
              .endsRunOn(ProfileActivities.UNKNOWN_SERVICE, ProfileActivities.INVALID_PROFILE),
          Step.of(LOCATE, "Find the region the public name sends users to"),
          Step.of(SERVICE_HEALTH, "Service health: tasks, targets, health URL, served traffic"),
          Step.of(GITEE, "Gitee reachable with the service's token"),
          Step.of(NOTION, "Notion reachable with the service's token"),
          Step.of(
              DATA_INTEGRITY, "Data integrity: recent Gitee issues current in Notion (sync lag)"),
          Step.of(CANARY, "Key function: a canary comment on Gitee reaches Notion (opt-in)"));

  private final ProfileActivities profiles =
      Workflow.newActivityStub(
          ProfileActivities.class, summarised(RunbookOptions.LOAD_PROFILE, "load profile"));

  /** The last verdict of each check, kept when a person skips a failed one. */
  private final Map<String, Check> seen = new HashMap<>();

  private Long measuredRpoSeconds;

  @WorkflowInit
  public ValidationWorkflowImpl(ValidationRequest request) {
    super(new Runbook(ValidationProcedures.VALIDATION, request, PLAN));
  }

  @Override
  public ValidationReport run(ValidationRequest request) {
    return runbook.run(request, () -> validate(request));
  }

  private ValidationReport validate(ValidationRequest request) {
    ServiceProfile profile =
        runbook.step(
            LOAD_PROFILE,
            () -> profiles.loadProfile(request.service()),
            p -> p.name() + " (" + p.target().name().toLowerCase() + ")");
    ServiceRef primary = ServiceRef.primary(profile);
    runbook.useProfile(profile, primary);
    // After a failover the standby serves: validate what users reach, not what the profile
    // calls primary.
    HealthQuery served = serving(profile, primary);
    ServiceRef ref = served.service();

    List<Branch<?>> branches = new ArrayList<>();
    branches.add(checkBranch(SERVICE_HEALTH, () -> health(runbook, served, profile, request)));
    if (profile.sync() == null) {
      String why = "the profile has no sync section: Gitee and Notion cannot be checked";
      runbook.skip(GITEE, why);
      runbook.skip(NOTION, why);
      runbook.skip(DATA_INTEGRITY, why);
      runbook.skip(CANARY, why);
      for (String id : List.of(GITEE, NOTION, DATA_INTEGRITY, CANARY)) {
        seen.put(id, Check.skipped(id, why));
      }
    } else {
      SyncTarget target = new SyncTarget(ref, profile.sync());
      branches.add(
          checkBranch(GITEE, () -> reachable(GITEE, sync("check Gitee").checkGitee(target))));
      branches.add(
          checkBranch(NOTION, () -> reachable(NOTION, sync("check Notion").checkNotion(target))));
      branches.add(
          checkBranch(
              DATA_INTEGRITY,
              () ->
                  integrity(sync("compare Gitee and Notion").compareSyncedData(target), profile)));
    }
    if (profile.sync() != null) {
      ServiceProfile.Sync.Canary canary = profile.sync().canary();
      if (canary == null || !canary.enabled()) {
        String why = "off: the canary writes to Gitee, so it runs only with sync.canary.enabled";
        runbook.skip(CANARY, why);
        seen.put(CANARY, Check.skipped(CANARY, why));
      } else if (request.dryRun()) {
        String why =
            "dry run: would comment on " + canary.repository() + "#" + canary.issueNumber();
        runbook.skip(CANARY, why);
        seen.put(CANARY, Check.skipped(CANARY, why));
      } else {
        SyncTarget target = new SyncTarget(ref, profile.sync());
        branches.add(checkBranch(CANARY, () -> canary(target, canary, profile)));
      }
    }
    runbook.parallel(branches);

    List<Check> checks = new ArrayList<>();
    for (String id : List.of(SERVICE_HEALTH, GITEE, NOTION, DATA_INTEGRITY, CANARY)) {
      checks.add(seen.getOrDefault(id, Check.skipped(id, "skipped by a person before it ran")));
    }
    ValidationReport report =
        ValidationReport.of(
            profile.name(), checks, measuredRpoSeconds, profile.objectives().rpoMinutes());
    runbook.complete(report.oneLine());
    return report;
  }

  /**
   * A check as a step: its verdict is kept, and a failing verdict fails the step so a person
   * decides (retry once fixed, skip to accept). A skipped failure stays a failure in the report.
   */
  private Branch<Check> checkBranch(String id, java.util.function.Supplier<Check> check) {
    return Branch.of(
        id,
        () -> {
          Check c;
          try {
            c = check.get();
          } catch (ActivityFailure unreachable) {
            // The check could not be made (the network, a timeout): that is a failed check with
            // its evidence, not a step someone skipped. It stays FAIL if a person skips it.
            if (!(unreachable.getCause() instanceof io.temporal.failure.CanceledFailure)) {
              seen.put(id, couldNotCheck(id, unreachable));
            }
            throw unreachable;
          }
          seen.put(id, c);
          if (c.verdict() == Verdict.FAIL) {
            throw ApplicationFailure.newNonRetryableFailure(c.summary(), FailureTypes.CHECK_FAILED);
          }
          return c;
        },
        Check::oneLine,
        Check::evidence);
  }

  private static Check couldNotCheck(String id, ActivityFailure failure) {
    Map<String, String> evidence = new LinkedHashMap<>();
    String type = Failures.typeOf(failure);
    evidence.put("failureType", type == null ? "unknown" : type);
    return Check.fail(id, "could not be checked: " + Failures.reasonOf(failure), evidence);
  }

  /**
   * Which copy users reach: with a failover section, where the public name points (the standby's
   * load balancer after a failover); otherwise the primary.
   */
  private HealthQuery serving(ServiceProfile profile, ServiceRef primary) {
    if (profile.failover() == null || profile.regions().standby() == null) {
      runbook.skip(LOCATE, "one region: the profile has no failover section");
      return ServedTraffic.query(primary, profile);
    }
    String standbyLb = profile.failover().standby().loadBalancerDnsName();
    DnsRecords dns =
        Workflow.newActivityStub(
            DnsRecords.class,
            summarised(RunbookOptions.QUICK_API_CALL, "read " + profile.dns().recordName()));
    DnsTarget now =
        runbook.step(
            LOCATE,
            () -> dns.readRecord(Failovers.record(profile)),
            t ->
                t.oneLine()
                    + (t.pointsAt(standbyLb)
                        ? ": the standby (" + profile.regions().standby() + ") serves"
                        : ": the primary (" + profile.regions().primary() + ") serves"));
    return now != null && now.pointsAt(standbyLb)
        ? ServedTraffic.standbyQuery(ServiceRef.standby(profile), profile)
        : ServedTraffic.query(primary, profile);
  }

  // --- the checks: facts from activities, verdicts here -------------------------------------

  /**
   * Tasks, targets and health URL now; traffic since the recovery's change when the request names
   * it, looked at until judged or the profile's verify bound.
   */
  private static Check health(
      Runbook runbook, HealthQuery query, ServiceProfile profile, ValidationRequest request) {
    HealthReport report;
    try {
      report =
          ServedTraffic.verify(runbook, SERVICE_HEALTH, query, profile, request.trafficSince());
    } catch (ApplicationFailure judged) {
      if (FailureTypes.TIMED_OUT.equals(judged.getType())) {
        return new Check(
            SERVICE_HEALTH, Verdict.NOT_ENOUGH_DATA, judged.getOriginalMessage(), Map.of());
      }
      if (FailureTypes.CHECK_FAILED.equals(judged.getType())) {
        return Check.fail(SERVICE_HEALTH, judged.getOriginalMessage(), Map.of());
      }
      throw judged;
    }
    // A dry run looks once and returns what it saw, healthy or not: the verdict is made here.
    if (report.unhealthy()) {
      return Check.fail(
          SERVICE_HEALTH, "service unhealthy: " + report.oneLine(), report.evidence());
    }
    if (!report.healthy()) {
      return new Check(
          SERVICE_HEALTH,
          Verdict.NOT_ENOUGH_DATA,
          "not enough data to judge: " + report.oneLine(),
          report.evidence());
    }
    return Check.pass(SERVICE_HEALTH, report.oneLine(), report.evidence());
  }

  private static Check reachable(String id, Reachability r) {
    Map<String, String> evidence = new LinkedHashMap<>();
    if (r.identity() != null) {
      evidence.put("identity", r.identity());
    }
    evidence.put("visible", String.join(", ", r.visible()));
    if (!r.reachable()) {
      evidence.put("problems", String.join("; ", r.problems()));
      return Check.fail(id, r.system() + ": " + String.join("; ", r.problems()), evidence);
    }
    return Check.pass(
        id,
        r.system() + " answers as " + r.identity() + "; sees " + String.join(", ", r.visible()),
        evidence);
  }

  /**
   * The sync lag is the data a recovery would lose now: the age of the oldest Gitee change not yet
   * in Notion. Within the RPO it is sync in flight; beyond it, data is missing.
   */
  private Check integrity(IntegrityFacts facts, ServiceProfile profile) {
    long lag =
        facts.oldestUnsyncedChange() == null
            ? 0
            : Math.max(
                0, Duration.between(facts.oldestUnsyncedChange(), facts.checkedAt()).toSeconds());
    measuredRpoSeconds = lag;
    long rpo = profile.objectives().rpoMinutes() * 60L;
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("compared", String.valueOf(facts.compared()));
    evidence.put("syncLagSeconds", String.valueOf(lag));
    evidence.put("rpoSeconds", String.valueOf(rpo));
    if (!facts.missing().isEmpty()) {
      evidence.put("missing", String.join(" ", first(facts.missing())));
    }
    if (!facts.stale().isEmpty()) {
      evidence.put("stale", String.join(" ", first(facts.stale())));
    }
    String seenThere =
        facts.compared()
            + " recent issues in "
            + facts.repositories().size()
            + " repositories: "
            + (facts.missing().isEmpty() && facts.stale().isEmpty()
                ? "all current in Notion"
                : facts.missing().size() + " missing, " + facts.stale().size() + " stale in Notion")
            + "; sync lag "
            + Durations.format(lag)
            + " (RPO "
            + profile.objectives().rpoMinutes()
            + "m)";
    return lag > rpo
        ? Check.fail(DATA_INTEGRITY, seenThere, evidence)
        : Check.pass(DATA_INTEGRITY, seenThere, evidence);
  }

  /**
   * The plan's "test key functions": a marked comment on the canary issue must reach Notion (the
   * page's update time at or after the comment) within the profile's bound, polled with a durable
   * timer.
   */
  private Check canary(
      SyncTarget target, ServiceProfile.Sync.Canary canary, ServiceProfile profile) {
    String marker =
        "dr-runbooks canary "
            + Workflow.getInfo().getWorkflowId()
            + " "
            + Workflow.getInfo().getRunId().substring(0, 8);
    CanaryPost post =
        Workflow.newActivityStub(
                SyncWrites.class,
                summarised(RunbookOptions.MUTATION, "comment on canary " + canary.issueNumber()))
            .postCanary(target, marker);
    SyncChecks poll = sync("look for the canary in Notion");
    long start = Workflow.currentTimeMillis();
    long deadline = start + canary.timeoutSeconds() * 1000L;
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("issue", post.key());
    evidence.put("postedAt", post.postedAt().toString());
    while (true) {
      java.time.Instant page = poll.canaryInNotion(target, post.key());
      if (page != null && !page.isBefore(post.postedAt())) {
        long seconds = Math.max(0, Duration.between(post.postedAt(), page).toSeconds());
        evidence.put("inNotionAt", page.toString());
        return Check.pass(
            CANARY,
            "a comment on "
                + post.key()
                + " reached Notion "
                + Durations.format(seconds)
                + " after Gitee recorded it",
            evidence);
      }
      runbook.detail(CANARY, "posted " + post.postedAt() + "; Notion page at " + page);
      if (Workflow.currentTimeMillis() >= deadline) {
        return Check.fail(
            CANARY,
            "a comment on "
                + post.key()
                + " did not reach Notion within "
                + canary.timeoutSeconds()
                + " s (page updated "
                + page
                + ")",
            evidence);
      }
      Workflow.sleep(dev.drrunbooks.runbook.SteadyState.pollInterval(profile, false));
    }
  }

  private static List<String> first(List<String> items) {
    return items.size() <= 10 ? items : items.subList(0, 10);
  }

  private static SyncChecks sync(String summary) {
    return Workflow.newActivityStub(
        SyncChecks.class, summarised(RunbookOptions.EXTERNAL_API, summary));
  }
}
