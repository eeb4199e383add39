package dev.drrunbooks.activities.sync;

import java.time.Instant;

/**
 * One Gitee issue as the sync service carries it: its key {@code owner/repo#number}, title and last
 * update. Read from Gitee, or from its page in Notion.
 */
public record SyncedIssue(String key, String title, Instant updatedAt) {

  public static String key(String repository, String number) {
    return repository + "#" + number;
  }
}
