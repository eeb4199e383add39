package dev.drrunbooks.sync;

import java.time.Instant;
import java.util.List;

/**
 * Gitee's most recently updated issues of each synced repository, compared with their pages in
 * Notion, as seen at {@code checkedAt}.
 */
public record IntegrityFacts(Instant checkedAt, List<Repository> repositories) {

  public IntegrityFacts {
    repositories = List.copyOf(repositories);
  }

  /**
   * One repository.
   *
   * @param compared issues compared
   * @param missing issues with no page in Notion, as {@code owner/repo#number}
   * @param stale issues whose page is older than Gitee (title or update time differ)
   * @param oldestUnsyncedChange the update time in Gitee of the oldest change missing from Notion;
   *     null when Notion has every compared change
   */
  public record Repository(
      String repository,
      int compared,
      List<String> missing,
      List<String> stale,
      Instant oldestUnsyncedChange) {

    public Repository {
      missing = List.copyOf(missing);
      stale = List.copyOf(stale);
    }
  }

  /** The oldest change in Gitee not yet in Notion, over all repositories; null when none. */
  public Instant oldestUnsyncedChange() {
    return repositories.stream()
        .map(Repository::oldestUnsyncedChange)
        .filter(java.util.Objects::nonNull)
        .min(Instant::compareTo)
        .orElse(null);
  }

  public int compared() {
    return repositories.stream().mapToInt(Repository::compared).sum();
  }

  public List<String> missing() {
    return repositories.stream().flatMap(r -> r.missing().stream()).toList();
  }

  public List<String> stale() {
    return repositories.stream().flatMap(r -> r.stale().stream()).toList();
  }
}
