package dev.drrunbooks.backup;

import java.util.List;

/**
 * Where the service reads its configuration now: its task definition (ARN) and the objects a backup
 * set copies, each named ({@code config}, {@code env}, {@code task-definition}).
 */
public record ServiceFiles(
    String taskDefinitionArn, String deploymentId, List<BackupSource> sources) {

  /** Each source by name and where it is read from, on one line. */
  public String oneLine() {
    return String.join(", ", sources.stream().map(s -> s.name() + " " + s.uri()).toList());
  }

  public BackupSource source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  /** The objects a restore writes back: every S3 source (a task definition is not a file). */
  public List<FileTarget> fileTargets() {
    return sources.stream()
        .filter(s -> s.uri().startsWith("s3://"))
        .map(s -> new FileTarget(s.name(), s.uri()))
        .toList();
  }
}
