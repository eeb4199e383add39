package dev.drrunbooks.activities.aws;

import dev.drrunbooks.activities.capability.Databases;
import dev.drrunbooks.profile.RestorePlacement;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.DatabaseRestores;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * The standby's read replica on RDS, with its lag from CloudWatch's {@code AWS/RDS ReplicaLag}
 * (seconds, per minute): the newest datapoint of the last ten minutes.
 */
final class AwsDatabases implements Databases {

  private static final AwsFailures.Mapper INSTANCE_ERRORS =
      (call, e) ->
          e instanceof DbInstanceNotFoundException
              ? AwsFailures.nonRetryable(
                  call,
                  (software.amazon.awssdk.awscore.exception.AwsServiceException) e,
                  DatabaseReplicas.INSTANCE_NOT_FOUND)
              : null;

  private final RdsClient rds;
  private final CloudWatchClient cloudWatch;
  private final Clock clock;

  public AwsDatabases(RdsClient rds, CloudWatchClient cloudWatch, Clock clock) {
    this.rds = rds;
    this.cloudWatch = cloudWatch;
    this.clock = clock;
  }

  @Override
  public ReplicaState replica(ServiceRef ref, String instanceId) {
    DBInstance db =
        AwsFailures.call(
                "RDS DescribeDBInstances",
                () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId)),
                INSTANCE_ERRORS)
            .dbInstances()
            .get(0);
    String source = db.readReplicaSourceDBInstanceIdentifier();
    return new ReplicaState(
        instanceId, db.dbInstanceStatus(), source, source == null ? null : lag(instanceId));
  }

  /**
   * A plain TCP connect from the worker, which runs beside the service: what the application's
   * connection pool would see. A timeout and a refusal are both "unreachable", told apart.
   */
  @Override
  public dev.drrunbooks.service.DatabaseReach reach(ServiceRef ref, String host, int port) {
    String endpoint = host + ":" + port;
    long start = System.nanoTime();
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      return new dev.drrunbooks.service.DatabaseReach(
          endpoint, true, (System.nanoTime() - start) / 1_000_000, "connected");
    } catch (java.net.SocketTimeoutException e) {
      return new dev.drrunbooks.service.DatabaseReach(
          endpoint,
          false,
          (System.nanoTime() - start) / 1_000_000,
          "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (java.io.IOException e) {
      return new dev.drrunbooks.service.DatabaseReach(
          endpoint,
          false,
          (System.nanoTime() - start) / 1_000_000,
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** How long a connect may take before the database counts as unreachable. */
  static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);

  @Override
  public void promote(ServiceRef ref, String instanceId) {
    AwsFailures.call(
        "RDS PromoteReadReplica",
        () -> rds.promoteReadReplica(r -> r.dbInstanceIdentifier(instanceId)),
        INSTANCE_ERRORS);
  }

  @Override
  public dev.drrunbooks.service.InstanceState instance(ServiceRef ref, String instanceId) {
    DBInstance db;
    try {
      db = rds.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId)).dbInstances().get(0);
    } catch (DbInstanceNotFoundException e) {
      return new dev.drrunbooks.service.InstanceState(
          instanceId, false, null, null, null, null, false);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw AwsFailures.common("RDS DescribeDBInstances", e);
    }
    return new dev.drrunbooks.service.InstanceState(
        instanceId,
        true,
        db.dbInstanceStatus(),
        db.endpoint() == null ? null : db.endpoint().address(),
        db.endpoint() == null ? null : db.endpoint().port(),
        db.latestRestorableTime(),
        db.backupRetentionPeriod() != null && db.backupRetentionPeriod() > 0);
  }

  /**
   * RDS has no client token for this call: a retry is made safe by the caller, which describes the
   * target first, and by RDS itself, which refuses a second instance of the same name. The new
   * instance lands where the service reaches the old one (see {@link #placement}).
   */
  @Override
  public void restoreToPointInTime(
      ServiceRef ref, String source, String target, Instant time, RestorePlacement placement) {
    RestorePlacement where = placement(source, placement);
    try {
      rds.restoreDBInstanceToPointInTime(
          r -> {
            r.sourceDBInstanceIdentifier(source)
                .targetDBInstanceIdentifier(target)
                .dbSubnetGroupName(where.subnetGroup())
                .vpcSecurityGroupIds(where.securityGroupIds())
                .dbParameterGroupName(where.parameterGroup())
                .dbInstanceClass(where.instanceClass())
                .multiAZ(where.multiAz())
                .copyTagsToSnapshot(true)
                .tags(restoredFrom(source));
            if (time == null) {
              r.useLatestRestorableTime(true);
            } else {
              r.restoreTime(time);
            }
          });
    } catch (software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException e) {
      // An earlier attempt's request went through: the instance is being created.
    } catch (software.amazon.awssdk.services.rds.model.PointInTimeRestoreNotEnabledException
        | software.amazon.awssdk.services.rds.model.InvalidRestoreException
        | software.amazon.awssdk.services.rds.model.InstanceQuotaExceededException
        | software.amazon.awssdk.services.rds.model.InvalidDbInstanceStateException e) {
      throw AwsFailures.nonRetryable(
          "RDS RestoreDBInstanceToPointInTime", e, DatabaseRestores.RESTORE_REFUSED);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      ApplicationFailure mapped = INSTANCE_ERRORS.map("RDS RestoreDBInstanceToPointInTime", e);
      throw mapped != null ? mapped : AwsFailures.common("RDS RestoreDBInstanceToPointInTime", e);
    }
  }

  /**
   * Where a restored instance lands: without a subnet group and security groups RDS puts it in the
   * default VPC behind the default security group, where the service cannot reach it. Copied from
   * the source instance while it exists (subnet group, security groups, parameter group, class,
   * Multi-AZ), the profile's values winning; with the source gone, the profile must name the
   * network, or the restore is refused before anything is created.
   */
  RestorePlacement placement(String source, RestorePlacement profile) {
    RestorePlacement given = profile == null ? RestorePlacement.NONE : profile;
    RestorePlacement fromSource = null;
    if (source != null) {
      try {
        DBInstance db =
            rds.describeDBInstances(r -> r.dbInstanceIdentifier(source)).dbInstances().get(0);
        fromSource =
            new RestorePlacement(
                db.dbSubnetGroup() == null ? null : db.dbSubnetGroup().dbSubnetGroupName(),
                db.vpcSecurityGroups().stream()
                    .map(
                        software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership
                            ::vpcSecurityGroupId)
                    .toList(),
                db.dbParameterGroups().isEmpty()
                    ? null
                    : db.dbParameterGroups().get(0).dbParameterGroupName(),
                db.dbInstanceClass(),
                db.multiAZ());
      } catch (DbInstanceNotFoundException gone) {
        // a restore from a snapshot of a deleted instance: the profile must say where
      } catch (software.amazon.awssdk.core.exception.SdkException e) {
        throw AwsFailures.common("RDS DescribeDBInstances", e);
      }
    }
    RestorePlacement where = given.orElse(fromSource);
    if (!where.namesTheNetwork()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the source instance "
              + source
              + " is gone and the profile names no database.restore.subnetGroup and"
              + " securityGroupIds: a restore with AWS's defaults would land in the default VPC,"
              + " where the service cannot reach it. Name them in the profile and retry",
          DatabaseRestores.RESTORE_REFUSED);
    }
    return where;
  }

  private static software.amazon.awssdk.services.rds.model.Tag restoredFrom(String from) {
    return software.amazon.awssdk.services.rds.model.Tag.builder()
        .key("dr-runbooks/restored-from")
        .value(from)
        .build();
  }

  @Override
  public dev.drrunbooks.service.SnapshotState newestSnapshot(ServiceRef ref, String instanceId) {
    software.amazon.awssdk.services.rds.model.DBSnapshot newest = null;
    try {
      for (var page : rds.describeDBSnapshotsPaginator(r -> r.dbInstanceIdentifier(instanceId))) {
        for (var s : page.dbSnapshots()) {
          if ("available".equals(s.status())
              && s.snapshotCreateTime() != null
              && (newest == null || s.snapshotCreateTime().isAfter(newest.snapshotCreateTime()))) {
            newest = s;
          }
        }
      }
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw AwsFailures.common("RDS DescribeDBSnapshots", e);
    }
    return newest == null
        ? null
        : new dev.drrunbooks.service.SnapshotState(
            newest.dbSnapshotIdentifier(),
            instanceId,
            newest.status(),
            newest.snapshotType(),
            newest.snapshotCreateTime());
  }

  /** As a point-in-time restore: no client token; safe by the target's name. */
  @Override
  public void restoreFromSnapshot(
      ServiceRef ref, String snapshotId, String target, String source, RestorePlacement placement) {
    RestorePlacement where = placement(source, placement);
    try {
      rds.restoreDBInstanceFromDBSnapshot(
          r ->
              r.dbSnapshotIdentifier(snapshotId)
                  .dbInstanceIdentifier(target)
                  .dbSubnetGroupName(where.subnetGroup())
                  .vpcSecurityGroupIds(where.securityGroupIds())
                  .dbParameterGroupName(where.parameterGroup())
                  .dbInstanceClass(where.instanceClass())
                  .multiAZ(where.multiAz())
                  .copyTagsToSnapshot(true)
                  .tags(restoredFrom(snapshotId)));
    } catch (software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException e) {
      // An earlier attempt's request went through: the instance is being created.
    } catch (software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException
        | software.amazon.awssdk.services.rds.model.InvalidDbSnapshotStateException
        | software.amazon.awssdk.services.rds.model.InstanceQuotaExceededException
        | software.amazon.awssdk.services.rds.model.InvalidRestoreException e) {
      throw AwsFailures.nonRetryable(
          "RDS RestoreDBInstanceFromDBSnapshot", e, DatabaseRestores.RESTORE_REFUSED);
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      throw AwsFailures.common("RDS RestoreDBInstanceFromDBSnapshot", e);
    }
  }

  private Long lag(String instanceId) {
    Instant now = clock.instant();
    GetMetricDataResponse answer =
        AwsFailures.call(
            "CloudWatch GetMetricData",
            () ->
                cloudWatch.getMetricData(
                    r ->
                        r.startTime(now.minus(Duration.ofMinutes(10)))
                            .endTime(now)
                            .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                            .metricDataQueries(
                                q ->
                                    q.id("lag")
                                        .metricStat(
                                            m ->
                                                m.period(60)
                                                    .stat("Maximum")
                                                    .metric(
                                                        x ->
                                                            x.namespace("AWS/RDS")
                                                                .metricName("ReplicaLag")
                                                                .dimensions(
                                                                    d ->
                                                                        d.name(
                                                                                "DBInstanceIdentifier")
                                                                            .value(instanceId)))))),
            AwsFailures.Mapper.NONE);
    for (MetricDataResult result : answer.metricDataResults()) {
      if (!result.values().isEmpty()) {
        return Math.round(result.values().get(0));
      }
    }
    return null;
  }
}
