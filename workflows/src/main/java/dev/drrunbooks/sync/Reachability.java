package dev.drrunbooks.sync;

import java.util.List;

/**
 * Whether the service's token reaches an external system, as facts: who the token is, which of the
 * synced resources it sees, and what went wrong. The workflow judges.
 *
 * @param system {@code gitee} or {@code notion}
 * @param identity the token's user (Gitee login, Notion bot name); null when refused
 * @param visible the synced resources the token can read (repositories, the data source)
 * @param problems what is wrong, one line each (a refused token, a resource not found); empty when
 *     all is reachable
 */
public record Reachability(
    String system, String identity, List<String> visible, List<String> problems) {

  public Reachability {
    visible = visible == null ? List.of() : List.copyOf(visible);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  public boolean reachable() {
    return problems.isEmpty();
  }
}
