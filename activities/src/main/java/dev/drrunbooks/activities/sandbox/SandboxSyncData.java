package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.sync.GiteeApi;
import dev.drrunbooks.activities.sync.NotionApi;
import dev.drrunbooks.activities.sync.SyncedIssue;
import dev.drrunbooks.profile.ServiceProfile;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gitee and Notion as the sandbox's sync service sees them, moving with the clock. Each repository
 * changes every {@link #CHANGE_EVERY_MILLIS}: every third change opens an issue, the others edit
 * one. The sync service copies a change to Notion a few seconds after it happens, for as long as
 * the service runs a good release; while a bad release runs, nothing reaches Notion, and the
 * backlog goes across once it is healthy again. So the sync lag a validation measures grows during
 * an outage and drops back after the recovery, as it would for real.
 */
public final class SandboxSyncData implements GiteeApi, NotionApi {

  static final long CHANGE_EVERY_MILLIS = 30_000;

  /** How long after a change the sync copies it: ten seconds, shorter when deployments are. */
  private long syncDelayMillis() {
    return Math.min(10_000, Math.max(1_000, world.deployTime().toMillis() * 5 / 3));
  }

  /** The simulated history starts this long before the sandbox does. */
  static final long HISTORY_MILLIS = 2 * 3600_000L;

  private final SandboxWorld world;

  public SandboxSyncData(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public String user(ServiceProfile.Sync.Gitee config) {
    return "gitee-notion-sync-bot";
  }

  @Override
  public boolean repositoryVisible(ServiceProfile.Sync.Gitee config, String repository) {
    return true;
  }

  @Override
  public List<SyncedIssue> recentIssues(
      ServiceProfile.Sync.Gitee config, String repository, int count) {
    return issuesAt(repository, world.clock().millis()).values().stream()
        .sorted(Comparator.comparing(SyncedIssue::updatedAt).reversed())
        .limit(count)
        .toList();
  }

  @Override
  public Instant findComment(
      ServiceProfile.Sync.Gitee config, String repository, String number, String marker) {
    return world.comments(SyncedIssue.key(repository, number)).stream()
        .filter(c -> c.getValue().contains(marker))
        .map(c -> Instant.ofEpochMilli(c.getKey()))
        .findFirst()
        .orElse(null);
  }

  @Override
  public Instant postComment(
      ServiceProfile.Sync.Gitee config, String repository, String number, String body) {
    return Instant.ofEpochMilli(world.comment(SyncedIssue.key(repository, number), body));
  }

  @Override
  public String me(ServiceProfile.Sync.Notion config) {
    return "Gitee Sync (sandbox integration)";
  }

  @Override
  public boolean dataSourceVisible(ServiceProfile.Sync.Notion config) {
    return true;
  }

  @Override
  public Map<String, SyncedIssue> pagesByKey(ServiceProfile.Sync.Notion config, List<String> keys) {
    long synced = lastSyncingAt(world.clock().millis()) - syncDelayMillis();
    Map<String, SyncedIssue> pages = new HashMap<>();
    Map<String, Map<String, SyncedIssue>> byRepository = new HashMap<>();
    for (String key : keys) {
      String repository = key.substring(0, key.indexOf('#'));
      SyncedIssue page =
          byRepository.computeIfAbsent(repository, r -> issuesAt(r, synced)).get(key);
      if (page != null) {
        pages.put(key, page);
      }
    }
    return pages;
  }

  /** The last moment at or before {@code now} when the sync service was running. */
  private long lastSyncingAt(long now) {
    long t = now;
    long floor = world.createdAt() - HISTORY_MILLIS;
    while (t > floor && !world.syncingAt(t)) {
      t -= 1000;
    }
    return t;
  }

  /** The repository's issues as Gitee had them at {@code t}, by key. */
  private Map<String, SyncedIssue> issuesAt(String repository, long t) {
    long epoch =
        world.createdAt() - HISTORY_MILLIS + Math.floorMod(repository.hashCode(), 10) * 1000L;
    Map<String, SyncedIssue> issues = new LinkedHashMap<>();
    int opened = 0;
    for (long j = 0; epoch + j * CHANGE_EVERY_MILLIS <= t; j++) {
      Instant at = Instant.ofEpochMilli(epoch + j * CHANGE_EVERY_MILLIS);
      int number;
      String title;
      if (j % 3 == 0 || opened == 0) {
        number = ++opened;
        title = "Sync issue " + number;
      } else {
        number = (int) ((j * 7) % opened) + 1;
        title = "Sync issue " + number + " (edit " + j + ")";
      }
      String key =
          SyncedIssue.key(repository, "I" + Integer.toString(46656 + number, 36).toUpperCase());
      issues.put(key, new SyncedIssue(key, title, at));
    }
    // A comment updates its issue, as on Gitee.
    issues.replaceAll(
        (key, issue) -> {
          long latest =
              world.comments(key).stream()
                  .mapToLong(Map.Entry::getKey)
                  .filter(c -> c <= t)
                  .max()
                  .orElse(Long.MIN_VALUE);
          return latest > issue.updatedAt().toEpochMilli()
              ? new SyncedIssue(key, issue.title(), Instant.ofEpochMilli(latest))
              : issue;
        });
    return issues;
  }
}
