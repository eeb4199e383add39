package dev.drrunbooks.activities.platform;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.EcsServices;
import dev.drrunbooks.activities.capability.EcsServices.TaskDefinitionInfo;
import dev.drrunbooks.service.MarkRevisionCommand;
import dev.drrunbooks.service.ScaleServiceCommand;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceChanges;
import dev.drrunbooks.service.ServiceState;
import dev.drrunbooks.service.StartServiceCommand;
import dev.drrunbooks.service.UpdateServiceCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to a service, each idempotent by reading first: a retry after a lost response finds the
 * service already changed and does nothing, so a rollback never deploys twice.
 */
public class ServiceChangesImpl implements ServiceChanges {

  /** Suffixes of the tags that say who marked a revision known-bad, and why. */
  static final String BY = "-by";

  static final String REASON = "-reason";

  private static final Logger log = LoggerFactory.getLogger(ServiceChangesImpl.class);

  private final Capabilities capabilities;

  public ServiceChangesImpl(Capabilities capabilities) {
    this.capabilities = capabilities;
  }

  @Override
  public ServiceChange updateService(UpdateServiceCommand command) {
    EcsServices platform = capabilities.ecs(command.service());
    ServiceState before = platform.describeService(command.service());
    String target = command.family() + ":" + command.revision();
    if (before.revision() == command.revision() && onFamily(before, command.family())) {
      return new ServiceChange(
          false,
          ":" + before.revision(),
          ":" + command.revision(),
          "already on " + target + ": nothing to do");
    }
    log.info(
        "UpdateService {} taskDefinition {} (was :{})",
        command.service(),
        target,
        before.revision());
    platform.updateService(command.service(), target, null, command.maximumPercent());
    return new ServiceChange(
        true,
        ":" + before.revision(),
        ":" + command.revision(),
        "deployment of "
            + target
            + " started (was :"
            + before.revision()
            + ")"
            + (command.maximumPercent() == null
                ? ""
                : " in batches: maximumPercent " + command.maximumPercent()));
  }

  @Override
  public ServiceChange scaleService(ScaleServiceCommand command) {
    EcsServices platform = capabilities.ecs(command.service());
    ServiceState before = platform.describeService(command.service());
    if (before.desiredCount() == command.desiredCount()) {
      return new ServiceChange(
          false,
          String.valueOf(before.desiredCount()),
          String.valueOf(command.desiredCount()),
          "already at " + command.desiredCount() + " tasks: nothing to do");
    }
    log.info(
        "UpdateService {} desiredCount {} (was {})",
        command.service(),
        command.desiredCount(),
        before.desiredCount());
    platform.updateService(command.service(), null, command.desiredCount(), null);
    return new ServiceChange(
        true,
        String.valueOf(before.desiredCount()),
        String.valueOf(command.desiredCount()),
        "desired count " + before.desiredCount() + " -> " + command.desiredCount());
  }

  @Override
  public ServiceChange startService(StartServiceCommand command) {
    EcsServices platform = capabilities.ecs(command.service());
    ServiceState before = platform.describeService(command.service());
    if (before.desiredCount() == command.desiredCount()) {
      return new ServiceChange(
          false,
          String.valueOf(before.desiredCount()),
          String.valueOf(command.desiredCount()),
          "already asked for " + command.desiredCount() + " tasks: no new deployment");
    }
    log.info(
        "UpdateService {} desiredCount {} (was {}) forceNewDeployment",
        command.service(),
        command.desiredCount(),
        before.desiredCount());
    platform.forceNewDeployment(command.service(), command.desiredCount());
    return new ServiceChange(
        true,
        String.valueOf(before.desiredCount()),
        String.valueOf(command.desiredCount()),
        "started with "
            + command.desiredCount()
            + " tasks (was "
            + before.desiredCount()
            + "), new deployment");
  }

  @Override
  public ServiceChange redeployService(dev.drrunbooks.service.RedeployCommand command) {
    EcsServices platform = capabilities.ecs(command.service());
    ServiceState before = platform.describeService(command.service());
    ServiceState.Deployment primary = before.primary();
    if (primary != null
        && command.previousDeploymentId() != null
        && !primary.id().equals(command.previousDeploymentId())) {
      return new ServiceChange(
          false,
          command.previousDeploymentId(),
          primary.id(),
          "already redeployed: deployment "
              + primary.id()
              + " replaced "
              + command.previousDeploymentId());
    }
    log.info(
        "UpdateService {} forceNewDeployment (desiredCount {})",
        command.service(),
        before.desiredCount());
    platform.forceNewDeployment(command.service(), Math.max(1, before.desiredCount()));
    return new ServiceChange(
        true,
        primary == null ? null : primary.id(),
        null,
        "new deployment of "
            + before.taskDefinitionArn()
            + " with "
            + Math.max(1, before.desiredCount())
            + " task(s)");
  }

  @Override
  public ServiceChange markRevisionBad(MarkRevisionCommand command) {
    EcsServices platform = capabilities.ecs(command.service());
    String name = command.family() + ":" + command.revision();
    TaskDefinitionInfo info =
        platform.taskDefinition(command.service(), command.family(), command.revision());
    if ("true".equalsIgnoreCase(info.tags().get(command.tag()))) {
      return new ServiceChange(
          false, name, name, name + " already tagged " + command.tag() + "=true");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(command.tag(), "true");
    if (command.actor() != null) {
      tags.put(command.tag() + BY, tagValue(command.actor()));
    }
    if (command.reason() != null) {
      tags.put(command.tag() + REASON, tagValue(command.reason()));
    }
    log.info("TagResource {} {}=true", info.arn(), command.tag());
    platform.tagTaskDefinition(command.service(), info.arn(), tags);
    return new ServiceChange(
        true,
        name,
        name,
        "tagged " + name + " " + command.tag() + "=true: never chosen as stable again");
  }

  @Override
  public ServiceChange unmarkRevisionBad(MarkRevisionCommand command) {
    EcsServices platform = capabilities.ecs(command.service());
    String name = command.family() + ":" + command.revision();
    TaskDefinitionInfo info =
        platform.taskDefinition(command.service(), command.family(), command.revision());
    List<String> keys =
        List.of(command.tag(), command.tag() + BY, command.tag() + REASON).stream()
            .filter(info.tags()::containsKey)
            .toList();
    if (keys.isEmpty()) {
      return new ServiceChange(false, name, name, name + " is not tagged " + command.tag());
    }
    log.info("UntagResource {} {}", info.arn(), keys);
    platform.untagTaskDefinition(command.service(), info.arn(), keys);
    return new ServiceChange(
        true, name, name, "removed " + keys + " from " + name + ": a rollback may choose it again");
  }

  /**
   * ECS tag values: at most 256 characters of letters, digits, spaces and {@code + - = . _ : / @};
   * anything else becomes {@code _}.
   */
  static String tagValue(String text) {
    String clean = text.replaceAll("[^\\p{L}\\p{N} +\\-=._:/@]", "_");
    return clean.length() <= 256 ? clean : clean.substring(0, 256);
  }

  private static boolean onFamily(ServiceState state, String family) {
    return state.taskDefinitionArn() != null
        && state.taskDefinitionArn().contains("task-definition/" + family + ":");
  }
}
