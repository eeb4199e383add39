package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.ServiceChecksImpl;
import dev.drrunbooks.sandbox.SandboxActivities;
import dev.drrunbooks.sandbox.SandboxCommand;
import dev.drrunbooks.service.HealthQuery;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;

/**
 * The worker's side of {@code runbook sandbox}: changes this process's {@link SandboxWorld} (each
 * worker process has its own) and reports the service's state and health afterwards.
 */
public class SandboxActivitiesImpl implements SandboxActivities {

  private final SandboxWorld world;
  private final ServiceChecksImpl checks;

  public SandboxActivitiesImpl(SandboxWorld world) {
    this.world = world;
    this.checks = new ServiceChecksImpl(new Capabilities(world.capabilities(), region -> null));
  }

  @Override
  public String control(SandboxCommand command, ServiceRef service, String family) {
    String did =
        switch (command.action()) {
          case "break" -> breakIt(command, service, family);
          case "heal" -> {
            world.regionRecovered(service.region());
            world.databaseRecovered();
            yield "healed the sandbox: the database accepts connections; region "
                + service.region()
                + " answers again; the public name and the standby stay as they are (practise"
                + " with: ./runbook start failback --service "
                + command.serviceOrDefault()
                + " --watch)";
          }
          case SandboxCommand.RESTORE -> {
            world.restore(service, family, command.restoreTo());
            yield "put the sandbox back as the drill found it: " + command.restoreTo().oneLine();
          }
          case "reset" -> {
            world.reset(service, family);
            yield "reset the sandbox: healthy on "
                + family
                + ":"
                + SandboxWorld.GOOD_REVISION
                + ", no known-bad tags";
          }
          default -> "the sandbox";
        };
    if ("break".equals(command.action()) && "region-outage".equals(command.fault())) {
      return did;
    }
    ServiceState state;
    try {
      state = world.ecs().describeService(service);
    } catch (IllegalStateException down) {
      return did + "; now " + down.getMessage();
    }
    var health =
        checks.checkHealth(
            new HealthQuery(
                service,
                "tg",
                "lb",
                "tg",
                "http://sandbox.invalid/health",
                5,
                5,
                null,
                60,
                1,
                1000));
    return did + "; now " + state.oneLine() + "; " + health.oneLine();
  }

  /** Injects the command's fault; without one, a bad release. Says how to practise recovering. */
  private String breakIt(SandboxCommand command, ServiceRef service, String family) {
    if ("region-outage".equals(command.fault())) {
      world.regionOutage(service.region());
      return "broke the sandbox: region "
          + service.region()
          + " does not answer (ECS, load balancer and metrics calls time out); the"
          + " standby region is idle. Practise with: ./runbook start region-failover"
          + " --service "
          + command.serviceOrDefault()
          + " --watch";
    }
    if ("database-outage".equals(command.fault())) {
      world.databaseOutage();
      return "broke the sandbox: the database does not accept connections (the tasks run"
          + " and answer health checks; the sync stalls, its log fills with connection"
          + " timeouts). Practise with: ./runbook incident open --service "
          + command.serviceOrDefault()
          + " --reason 'sync stopped' --watch";
    }
    if ("database-deleted".equals(command.fault())) {
      world.databaseDeleted();
      return "broke the sandbox: the database instance was deleted (RDS no longer knows"
          + " it; its nightly snapshot remains). Practise with: ./runbook start"
          + " data-restore --service "
          + command.serviceOrDefault()
          + " --watch";
    }
    if ("config-loss".equals(command.fault())) {
      world.configLoss(service, family);
      return "broke the sandbox: a bad config push gave the service's env file a wrong"
          + " database password and the tasks restarted; they cannot log in, the sync"
          + " stalls, the database itself is sound. Practise with: ./runbook start"
          + " data-restore --service "
          + command.serviceOrDefault()
          + " --watch";
    }
    if ("corrupt-backup".equals(command.fault())) {
      String damaged = world.corruptNewestBackup();
      return damaged == null
          ? "no backup set to damage yet: take one first (./runbook start backup"
              + " --service "
              + command.serviceOrDefault()
              + ")"
          : "damaged the env file the newest backup set relies on: s3://"
              + damaged
              + " no longer matches its manifest. See it caught with: ./runbook start"
              + " backup-verification --service "
              + command.serviceOrDefault()
              + " --watch; a data-restore skips the set and says so";
    }
    world.breakWithBadDeployment(service, family);
    return "broke the sandbox: bad release "
        + family
        + ":"
        + SandboxWorld.BAD_REVISION
        + " deployed (health checks fail, 5xx up, errors in the log)";
  }

  @Override
  public dev.drrunbooks.sandbox.SandboxState state(dev.drrunbooks.sandbox.SandboxStateQuery query) {
    return world.state(query);
  }
}
