package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.EcsServices;
import dev.drrunbooks.service.ServiceChecks;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The ECS capability in the sandbox: deployments that take time to replace every task. */
final class SandboxEcsServices implements EcsServices {

  private final SandboxWorld world;

  SandboxEcsServices(SandboxWorld world) {
    this.world = world;
  }

  @Override
  public ServiceState describeService(ServiceRef ref) {
    SimService s = world.existing(ref);
    synchronized (s) {
      s.settle(world.now());
      List<ServiceState.Deployment> deployments = new ArrayList<>();
      int running = 0;
      Map<SimDeployment, Integer> counts = s.runningCounts(world.now());
      for (SimDeployment d : s.deployments) {
        boolean primary = d == s.primary();
        int r = counts.get(d);
        running += r;
        deployments.add(
            new ServiceState.Deployment(
                d.id,
                primary ? "PRIMARY" : "ACTIVE",
                SandboxWorld.arn(s.family, d.revision),
                d.revision,
                primary
                    ? (d.rolledOut(world.now(), s.desired) ? "COMPLETED" : "IN_PROGRESS")
                    : "COMPLETED",
                primary ? s.desired : 0,
                r,
                0));
      }
      SimDeployment primary = s.primary();
      return new ServiceState(
          "ACTIVE",
          SandboxWorld.arn(s.family, primary.revision),
          primary.revision,
          s.desired,
          running,
          Math.max(0, s.desired - running),
          deployments);
    }
  }

  @Override
  public List<Integer> activeRevisions(ServiceRef ref, String family) {
    List<Integer> newestFirst = new ArrayList<>();
    for (int r = SandboxWorld.BAD_REVISION; r >= SandboxWorld.OLDEST_REVISION; r--) {
      newestFirst.add(r);
    }
    return newestFirst;
  }

  @Override
  public TaskDefinitionInfo taskDefinition(ServiceRef ref, String family, int revision) {
    if (revision < SandboxWorld.OLDEST_REVISION || revision > SandboxWorld.BAD_REVISION) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task definition "
              + family
              + ":"
              + revision
              + " does not exist (sandbox has :"
              + SandboxWorld.OLDEST_REVISION
              + " to :"
              + SandboxWorld.BAD_REVISION
              + ")",
          ServiceChecks.UNKNOWN_REVISION);
    }
    String arn = SandboxWorld.arn(family, revision);
    return new TaskDefinitionInfo(
        arn,
        revision,
        "ACTIVE",
        Map.copyOf(world.tagsByArn.getOrDefault(arn, Map.of())),
        List.of(SandboxWorld.IMAGE_REPOSITORY + ":2.3." + revision));
  }

  @Override
  public void forceNewDeployment(ServiceRef ref, int desiredCount) {
    world.updateCalls.incrementAndGet();
    world.record("ecs force-new-deployment " + SandboxWorld.key(ref) + " desired " + desiredCount);
    SimService s = world.existing(ref);
    synchronized (s) {
      s.settle(world.now());
      s.desired = desiredCount;
      s.deploy(
          new SimDeployment(
              world.deployTime,
              world.now(),
              s.nextDeploymentId(),
              s.primary().revision,
              world.now()));
    }
  }

  @Override
  public void updateService(
      ServiceRef ref, String taskDefinition, Integer desiredCount, Integer maximumPercent) {
    world.updateCalls.incrementAndGet();
    world.record(
        "ecs update "
            + SandboxWorld.key(ref)
            + (taskDefinition == null ? "" : " " + taskDefinition)
            + (desiredCount == null ? "" : " desired " + desiredCount));
    SimService s = world.existing(ref);
    synchronized (s) {
      s.settle(world.now());
      if (desiredCount != null) {
        s.desired = desiredCount;
      }
      if (taskDefinition != null) {
        int colon = taskDefinition.lastIndexOf(':');
        s.family = taskDefinition.substring(0, colon);
        int revision = Integer.parseInt(taskDefinition.substring(colon + 1));
        SimDeployment d =
            new SimDeployment(
                world.deployTime, world.now(), s.nextDeploymentId(), revision, world.now());
        d.maximumPercent = maximumPercent;
        s.deploy(d);
      }
    }
  }

  @Override
  public void tagTaskDefinition(
      ServiceRef ref, String taskDefinitionArn, Map<String, String> tags) {
    world.tagsByArn.computeIfAbsent(taskDefinitionArn, k -> new ConcurrentHashMap<>()).putAll(tags);
  }

  @Override
  public void untagTaskDefinition(ServiceRef ref, String taskDefinitionArn, List<String> keys) {
    Map<String, String> tags = world.tagsByArn.get(taskDefinitionArn);
    if (tags != null) {
      keys.forEach(tags::remove);
    }
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
