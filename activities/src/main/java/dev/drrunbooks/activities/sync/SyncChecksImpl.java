package dev.drrunbooks.activities.sync;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.sync.CanaryPost;
import dev.drrunbooks.sync.IntegrityFacts;
import dev.drrunbooks.sync.Reachability;
import dev.drrunbooks.sync.SyncChecks;
import dev.drrunbooks.sync.SyncTarget;
import dev.drrunbooks.sync.SyncWrites;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sync checks over Gitee and Notion: the real APIs for a real profile, the sandbox's simulated
 * ones for a sandbox profile (which never reaches the network). Facts only; verdicts are the
 * workflow's.
 */
public final class SyncChecksImpl implements SyncChecks, SyncWrites {

  /** One system's API for a sandbox profile and one for a real one. */
  public record Apis(GiteeApi gitee, NotionApi notion, Clock clock) {}

  private final Apis sandbox;
  private final Apis real;

  public SyncChecksImpl(Apis sandbox, Apis real) {
    this.sandbox = sandbox;
    this.real = real;
  }

  @Override
  public Reachability checkGitee(SyncTarget target) {
    ServiceProfile.Sync.Gitee config = target.sync().gitee();
    GiteeApi gitee = apis(target).gitee();
    List<String> visible = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String login = null;
    try {
      login = gitee.user(config);
      for (String repository : config.repositories()) {
        if (gitee.repositoryVisible(config, repository)) {
          visible.add(repository);
        } else {
          problems.add("repository " + repository + " not found or not visible to the token");
        }
      }
    } catch (ApiRefused | TokenMissing e) {
      problems.add(e.getMessage());
    } catch (ApiUnavailable e) {
      throw e.toFailure();
    }
    return new Reachability("gitee", login, visible, problems);
  }

  @Override
  public Reachability checkNotion(SyncTarget target) {
    ServiceProfile.Sync.Notion config = target.sync().notion();
    NotionApi notion = apis(target).notion();
    List<String> visible = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String bot = null;
    try {
      bot = notion.me(config);
      if (notion.dataSourceVisible(config)) {
        visible.add("data source " + config.dataSourceId());
      } else {
        problems.add(
            "data source "
                + config.dataSourceId()
                + " not found or not shared with the integration");
      }
    } catch (ApiRefused | TokenMissing e) {
      problems.add(e.getMessage());
    } catch (ApiUnavailable e) {
      throw e.toFailure();
    }
    return new Reachability("notion", bot, visible, problems);
  }

  @Override
  public CanaryPost postCanary(SyncTarget target, String marker) {
    ServiceProfile.Sync.Canary canary = target.sync().canary();
    GiteeApi gitee = apis(target).gitee();
    String key = SyncedIssue.key(canary.repository(), canary.issueNumber());
    return failuresMapped(
        () -> {
          Instant existing =
              gitee.findComment(
                  target.sync().gitee(), canary.repository(), canary.issueNumber(), marker);
          if (existing != null) {
            return new CanaryPost(key, marker, existing, false);
          }
          Instant at =
              gitee.postComment(
                  target.sync().gitee(),
                  canary.repository(),
                  canary.issueNumber(),
                  marker
                      + ": checking that Gitee changes reach Notion (disaster-recovery"
                      + " validation)");
          return new CanaryPost(key, marker, at, true);
        });
  }

  @Override
  public Instant canaryInNotion(SyncTarget target, String key) {
    return failuresMapped(
        () -> {
          SyncedIssue page =
              apis(target).notion().pagesByKey(target.sync().notion(), List.of(key)).get(key);
          return page == null ? null : page.updatedAt();
        });
  }

  /**
   * A missing token and a refusal are not retried (they need a person); an API that did not answer
   * is, by Temporal.
   */
  private static <T> T failuresMapped(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (TokenMissing e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), TOKEN_MISSING);
    } catch (ApiRefused e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), dev.drrunbooks.service.ServiceChecks.ACCESS_DENIED);
    } catch (ApiUnavailable e) {
      throw e.toFailure();
    }
  }

  @Override
  public IntegrityFacts compareSyncedData(SyncTarget target) {
    Apis apis = apis(target);
    ServiceProfile.Sync sync = target.sync();
    Instant checkedAt = apis.clock().instant();
    List<IntegrityFacts.Repository> repositories = new ArrayList<>();
    failuresMapped(
        () -> {
          for (String repository : sync.gitee().repositories()) {
            List<SyncedIssue> issues =
                apis.gitee().recentIssues(sync.gitee(), repository, sync.recentIssues());
            Map<String, SyncedIssue> pages =
                apis.notion()
                    .pagesByKey(sync.notion(), issues.stream().map(SyncedIssue::key).toList());
            repositories.add(compare(repository, issues, pages));
          }
          return null;
        });
    return new IntegrityFacts(checkedAt, repositories);
  }

  /**
   * A page is current when its title and update time match Gitee's. A missing or older page means
   * Gitee's latest change to that issue is not in Notion yet: its update time is when the unsynced
   * change happened (an earlier change may be missing too; the latest is the one known).
   */
  static IntegrityFacts.Repository compare(
      String repository, List<SyncedIssue> issues, Map<String, SyncedIssue> pages) {
    List<String> missing = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    Instant oldest = null;
    for (SyncedIssue issue : issues) {
      SyncedIssue page = pages.get(issue.key());
      boolean current =
          page != null
              && Objects.equals(page.title(), issue.title())
              && page.updatedAt() != null
              && !page.updatedAt().isBefore(issue.updatedAt());
      if (current) {
        continue;
      }
      (page == null ? missing : stale).add(issue.key());
      if (oldest == null || issue.updatedAt().isBefore(oldest)) {
        oldest = issue.updatedAt();
      }
    }
    return new IntegrityFacts.Repository(repository, issues.size(), missing, stale, oldest);
  }

  private Apis apis(SyncTarget target) {
    return target.ref().target() == Target.SANDBOX ? sandbox : real;
  }
}
