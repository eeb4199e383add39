package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.EcsServices;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import java.util.List;
import java.util.Map;

/** The ECS capability in the sandbox: deployments that take time to replace every task. */
final class SandboxEcsServices implements EcsServices {

  private final SandboxWorld world;

  SandboxEcsServices(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public ServiceState describeService(ServiceRef ref) {
    return world.describeService(ref);
  }

  @Override
  public List<Integer> activeRevisions(ServiceRef ref, String family) {
    return world.activeRevisions(ref, family);
  }

  @Override
  public TaskDefinitionInfo taskDefinition(ServiceRef ref, String family, int revision) {
    return world.taskDefinition(ref, family, revision);
  }

  @Override
  public void updateService(
      ServiceRef ref, String taskDefinition, Integer desiredCount, Integer maximumPercent) {
    world.updateService(ref, taskDefinition, desiredCount, maximumPercent);
  }

  @Override
  public void forceNewDeployment(ServiceRef ref, int desiredCount) {
    world.forceNewDeployment(ref, desiredCount);
  }

  @Override
  public void tagTaskDefinition(
      ServiceRef ref, String taskDefinitionArn, Map<String, String> tags) {
    world.tagTaskDefinition(ref, taskDefinitionArn, tags);
  }

  @Override
  public void untagTaskDefinition(ServiceRef ref, String taskDefinitionArn, List<String> keys) {
    world.untagTaskDefinition(ref, taskDefinitionArn, keys);
  }

  @Override
  public TaskDefinitionDocument taskDefinitionDocument(ServiceRef ref, String taskDefinitionArn) {
    String env = "arn:aws:s3:::" + SandboxStorage.CONFIG_BUCKET + "/" + SandboxStorage.ENV_KEY;
    String json =
        "{\n  \"taskDefinitionArn\": \""
            + taskDefinitionArn
            + "\",\n  \"containerDefinitions\": [{\"name\": \"sync\", \"environmentFiles\": [{\"value\": \""
            + env
            + "\", \"type\": \"s3\"}]}]\n}\n";
    return new TaskDefinitionDocument(
        taskDefinitionArn,
        json,
        List.of("s3://" + SandboxStorage.CONFIG_BUCKET + "/" + SandboxStorage.ENV_KEY));
  }
}
