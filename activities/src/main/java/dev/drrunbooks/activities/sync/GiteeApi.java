package dev.drrunbooks.activities.sync;

import dev.drrunbooks.profile.ServiceProfile;
import java.util.List;

/** What the runbooks read from Gitee (API v5), with the service's own token. */
public interface GiteeApi {

  /** The token's user login. */
  String user(ServiceProfile.Sync.Gitee config);

  /** Whether the token can read {@code owner/repo}; false when Gitee says 404. */
  boolean repositoryVisible(ServiceProfile.Sync.Gitee config, String repository);

  /** The {@code count} most recently updated issues of {@code owner/repo}, newest first. */
  List<SyncedIssue> recentIssues(ServiceProfile.Sync.Gitee config, String repository, int count);

  /** When a comment containing {@code marker} was made on the issue; null when there is none. */
  java.time.Instant findComment(
      ServiceProfile.Sync.Gitee config, String repository, String number, String marker);

  /** Comments on the issue; returns when Gitee recorded the comment. */
  java.time.Instant postComment(
      ServiceProfile.Sync.Gitee config, String repository, String number, String body);
}
