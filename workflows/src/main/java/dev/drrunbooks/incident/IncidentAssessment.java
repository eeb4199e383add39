package dev.drrunbooks.incident;

import static dev.drrunbooks.runbook.RunbookOptions.summarised;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.runbook.Branch;
import dev.drrunbooks.runbook.Failures;
import dev.drrunbooks.runbook.Parallel;
import dev.drrunbooks.runbook.Runbook;
import dev.drrunbooks.service.DatabaseEndpoint;
import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogQuery;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.sync.IntegrityFacts;
import dev.drrunbooks.sync.Reachability;
import dev.drrunbooks.sync.SyncChecks;
import dev.drrunbooks.sync.SyncTarget;
import dev.drrunbooks.text.Durations;
import dev.drrunbooks.validation.Check;
import dev.drrunbooks.validation.ServedTraffic;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The incident's assessment: every source at once, read-only. A source that does not answer does
 * not stop it: its silence is recorded as evidence (a region that does not answer is the finding).
 */
final class IncidentAssessment {

  private final Runbook runbook;
  private final ServiceProfile profile;
  private final ServiceRef resource;
  private final List<Check> findings;

  IncidentAssessment(
      Runbook runbook, ServiceProfile profile, ServiceRef resource, List<Check> findings) {
    this.runbook = runbook;
    this.profile = profile;
    this.resource = resource;
    this.findings = findings;
  }

  /**
   * Every source at once, read-only. A source that does not answer does not stop the assessment:
   * its silence is recorded as evidence (a region that does not answer is the finding).
   */
  Assessment run() {
    ServiceChecks checks =
        Workflow.newActivityStub(
            ServiceChecks.class, summarised(IncidentResponseWorkflowImpl.ASSESS, "assess"));
    Map<String, String> errors = new java.util.concurrent.ConcurrentHashMap<>();
    List<Branch<?>> branches = new ArrayList<>();
    Branch<Answer<ServiceState>> ecs =
        probe(
            IncidentResponseWorkflowImpl.ASSESS_ECS,
            Assessment.ECS,
            errors,
            () -> checks.describeService(resource),
            ServiceState::steady,
            ServiceState::oneLine,
            ServiceState::evidence);
    Branch<Answer<HealthReport>> traffic =
        probe(
            IncidentResponseWorkflowImpl.ASSESS_TRAFFIC,
            Assessment.TRAFFIC,
            errors,
            () -> checks.checkHealth(ServedTraffic.query(resource, profile)),
            r -> !r.unhealthy(),
            HealthReport::oneLine,
            HealthReport::evidence);
    Branch<Answer<LogSummary>> logs =
        probe(
            IncidentResponseWorkflowImpl.ASSESS_LOGS,
            Assessment.LOGS,
            errors,
            () ->
                checks.recentErrors(
                    new LogQuery(
                        resource,
                        profile.logs().logGroup(),
                        profile.logs().errorPattern(),
                        Math.min(profile.logs().lookbackMinutes(), 15),
                        200)),
            l -> l.matchedEvents() < Classifier.SEVERE_LOG_EVENTS,
            LogSummary::oneLine,
            LogSummary::evidence);
    branches.add(ecs);
    branches.add(traffic);
    branches.add(logs);
    Branch<Answer<DatabaseReach>> database = database(errors);
    if (database != null) {
      branches.add(database);
    }
    List<Branch<Answer<?>>> syncs = sync(errors);
    Branch<Answer<Reachability>> gitee = pick(syncs, 0);
    Branch<Answer<Reachability>> notion = pick(syncs, 1);
    Branch<Answer<IntegrityFacts>> sync = pick(syncs, 2);
    branches.addAll(syncs);
    Parallel.Results results = runbook.parallel(branches);
    IntegrityFacts integrity = valueOf(results, sync);
    return new Assessment(
        now(),
        valueOf(results, ecs),
        valueOf(results, traffic),
        valueOf(results, logs),
        valueOf(results, database),
        valueOf(results, gitee),
        valueOf(results, notion),
        integrity == null ? null : lag(integrity),
        dev.drrunbooks.runbook.Ordered.copy(errors),
        profile.health().maxErrorRatePercent(),
        profile.objectives().rpoMinutes());
  }

  /** The database's reachability, when the profile has a database. */
  private Branch<Answer<DatabaseReach>> database(Map<String, String> errors) {
    if (profile.database() == null) {
      skipFinding(
          IncidentResponseWorkflowImpl.ASSESS_DATABASE,
          "the profile has no database section: reachability not probed");
      return null;
    }
    DatabaseReplicas db =
        Workflow.newActivityStub(
            DatabaseReplicas.class,
            summarised(IncidentResponseWorkflowImpl.ASSESS, "probe database"));
    DatabaseEndpoint endpoint =
        new DatabaseEndpoint(resource, profile.database().host(), profile.database().port());
    return probe(
        IncidentResponseWorkflowImpl.ASSESS_DATABASE,
        Assessment.DATABASE,
        errors,
        () -> db.probeDatabase(endpoint),
        DatabaseReach::reachable,
        DatabaseReach::oneLine,
        r ->
            Map.of(
                "reachable", String.valueOf(r.reachable()), "millis", String.valueOf(r.millis())));
  }

  /** Gitee, Notion and the sync's lag, when the profile has a sync section (in that order). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Branch<Answer<?>>> sync(Map<String, String> errors) {
    if (profile.sync() == null) {
      String why = "the profile has no sync section: Gitee, Notion and the sync not checked";
      skipFinding(IncidentResponseWorkflowImpl.ASSESS_GITEE, why);
      skipFinding(IncidentResponseWorkflowImpl.ASSESS_NOTION, why);
      skipFinding(IncidentResponseWorkflowImpl.ASSESS_SYNC, why);
      return List.of();
    }
    SyncTarget target = new SyncTarget(resource, profile.sync());
    SyncChecks api =
        Workflow.newActivityStub(
            SyncChecks.class, summarised(IncidentResponseWorkflowImpl.ASSESS, "assess the sync"));
    Function<Reachability, String> reach =
        r ->
            r.system()
                + (r.reachable()
                    ? " answers as " + r.identity()
                    : ": " + String.join("; ", r.problems()));
    Branch<Answer<Reachability>> gitee =
        probe(
            IncidentResponseWorkflowImpl.ASSESS_GITEE,
            Assessment.GITEE,
            errors,
            () -> api.checkGitee(target),
            Reachability::reachable,
            reach,
            r -> Map.of("reachable", String.valueOf(r.reachable())));
    Branch<Answer<Reachability>> notion =
        probe(
            IncidentResponseWorkflowImpl.ASSESS_NOTION,
            Assessment.NOTION,
            errors,
            () -> api.checkNotion(target),
            Reachability::reachable,
            reach,
            r -> Map.of("reachable", String.valueOf(r.reachable())));
    Branch<Answer<IntegrityFacts>> sync =
        probe(
            IncidentResponseWorkflowImpl.ASSESS_SYNC,
            Assessment.SYNC,
            errors,
            () -> api.compareSyncedData(target),
            f -> lag(f) <= profile.objectives().rpoMinutes() * 60L,
            f ->
                f.compared()
                    + " recent issues compared, "
                    + f.missing().size()
                    + " missing, "
                    + f.stale().size()
                    + " stale in Notion; sync lag "
                    + Durations.format(lag(f)),
            f -> Map.of("syncLagSeconds", String.valueOf(lag(f))));
    return List.of((Branch) gitee, (Branch) notion, (Branch) sync);
  }

  @SuppressWarnings("unchecked")
  private static <T> Branch<Answer<T>> pick(List<Branch<Answer<?>>> branches, int i) {
    return branches.size() > i ? (Branch<Answer<T>>) (Branch<?>) branches.get(i) : null;
  }

  /**
   * One source of the assessment as a step: its answer, or why it did not answer, both kept as
   * evidence. It never waits for a person: the incident is what needs attention.
   */
  private <T> Branch<Answer<T>> probe(
      String stepId,
      String part,
      Map<String, String> errors,
      Supplier<T> call,
      java.util.function.Predicate<T> ok,
      Function<T, String> describe,
      Function<T, Map<String, String>> evidence) {
    return Branch.of(
        stepId,
        () -> {
          try {
            T answer = call.get();
            findings.add(
                new Check(
                    part,
                    ok.test(answer) ? Check.Verdict.PASS : Check.Verdict.FAIL,
                    describe.apply(answer),
                    evidence.apply(answer)));
            return new Answer<>(answer, null);
          } catch (ActivityFailure silent) {
            String why = Failures.reasonOf(silent);
            errors.put(part, why);
            findings.add(Check.fail(part, "did not answer: " + why, Map.of()));
            return new Answer<>(null, why);
          }
        },
        a -> a.error() != null ? "did not answer: " + a.error() : describe.apply(a.value()),
        a -> a.error() != null ? Map.of("answered", "false") : evidence.apply(a.value()));
  }

  /** What one source of the assessment answered, or why it did not. */
  record Answer<T>(T value, String error) {}

  private static <T> T valueOf(Parallel.Results results, Branch<Answer<T>> branch) {
    if (branch == null) {
      return null;
    }
    Answer<T> a = results.get(branch);
    return a == null ? null : a.value();
  }

  private void skipFinding(String stepId, String why) {
    runbook.skip(stepId, why);
    findings.add(Check.skipped(stepId.substring("assess-".length()), why));
  }

  private static long lag(IntegrityFacts f) {
    return f.oldestUnsyncedChange() == null
        ? 0
        : Math.max(0, Duration.between(f.oldestUnsyncedChange(), f.checkedAt()).toSeconds());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
