package dev.drrunbooks.backup;

/**
 * Something a backup set copies, and where the service reads it: an S3 object ({@code
 * s3://bucket/key}), or the service's current task definition ({@code ecs:task-definition}).
 */
public record BackupSource(String name, String uri) {

  public static final String CONFIG = "config";
  public static final String ENV = "env";
  public static final String TASK_DEFINITION = "task-definition";
  public static final String TASK_DEFINITION_URI = "ecs:task-definition";
}
