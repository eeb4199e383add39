package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.EcsServices;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import java.util.List;

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
  public void updateService(ServiceRef ref, String taskDefinition, Integer desiredCount) {
    world.updateService(ref, taskDefinition, desiredCount);
  }

  @Override
  public void tagTaskDefinition(
      ServiceRef ref, String taskDefinitionArn, String key, String value) {
    world.tagTaskDefinition(ref, taskDefinitionArn, key, value);
  }
}
