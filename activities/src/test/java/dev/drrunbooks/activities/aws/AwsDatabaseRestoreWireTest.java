package dev.drrunbooks.activities.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.drrunbooks.activities.aws.AwsStubs.query;
import static dev.drrunbooks.activities.aws.AwsStubs.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.drrunbooks.activities.backup.DatabaseActivitiesImpl;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.DatabaseSecrets;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.DatabaseRestores;
import dev.drrunbooks.service.InstanceQuery;
import dev.drrunbooks.service.InstanceState;
import dev.drrunbooks.service.PointInTimeRestoreCommand;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data restore's AWS calls at the wire: RDS DescribeDBInstances and
 * RestoreDBInstanceToPointInTime (query protocol), Secrets Manager GetSecretValue (JSON 1.1). RDS's
 * restore has no client token: a retried activity is made safe by describing the target first (a
 * restore already asked for is not asked again) and by RDS refusing a second instance of the same
 * name, which the adapter takes as "already under way".
 */
class AwsDatabaseRestoreWireTest {

  private static final ServiceRef PRIMARY =
      new ServiceRef(Target.AWS, "ap-southeast-1", "cluster", "service");
  private static final String TARGET = "sync-db-r202611210310";
  private static final String SECRET =
      "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:sync-db-AbCdEf";

  private WireMockServer wire;
  private DatabaseActivitiesImpl activities;
  private DatabaseSecrets secrets;

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    AwsClients clients = AwsStubs.clients(wire.baseUrl(), "ap-southeast-1");
    Capabilities.Set aws =
        clients.capabilities(Clock.fixed(Instant.parse("2026-11-21T03:10:00Z"), ZoneOffset.UTC));
    activities = new DatabaseActivitiesImpl(new Capabilities(null, region -> aws));
    secrets = new AwsDatabaseSecrets(clients.secretsManager());
    // The source instance, whose network and shape a restore copies.
    wire.stubFor(
        describe("sync-db")
            .willReturn(xml(instance("sync-db", "available", "2026-11-21T03:08:30Z", 7))));
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  // --- DescribeDBInstances ---------------------------------------------------------------------

  @Test
  void describeInstance_readsStatusEndpointAndTheLatestRestorableTime() {
    wire.stubFor(
        describe("sync-db")
            .willReturn(xml(instance("sync-db", "available", "2026-11-21T03:08:30Z", 7))));

    InstanceState state = activities.describeInstance(new InstanceQuery(PRIMARY, "sync-db"));

    assertThat(state)
        .isEqualTo(
            new InstanceState(
                "sync-db",
                true,
                "available",
                "sync-db.abc.ap-southeast-1.rds.amazonaws.com",
                5432,
                Instant.parse("2026-11-21T03:08:30Z"),
                true));
    assertThat(state.oneLine())
        .isEqualTo(
            "sync-db available at sync-db.abc.ap-southeast-1.rds.amazonaws.com:5432, restorable"
                + " to 2026-11-21T03:08:30Z");
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("Authorization", containing("/ap-southeast-1/rds/aws4_request"))
            .withRequestBody(containing("Action=DescribeDBInstances"))
            .withRequestBody(containing("DBInstanceIdentifier=sync-db")));
  }

  /** Automated backups off: no restorable time, said so; an unknown instance is not an error. */
  @Test
  void describeInstance_backupsOff_andGone_areAnswersNotErrors() {
    wire.stubFor(describe("sync-db").willReturn(xml(instance("sync-db", "available", null, 0))));
    wire.stubFor(describe(TARGET).willReturn(notFound(TARGET)));

    InstanceState off = activities.describeInstance(new InstanceQuery(PRIMARY, "sync-db"));
    InstanceState gone = activities.describeInstance(new InstanceQuery(PRIMARY, TARGET));

    assertThat(off.backupsEnabled()).isFalse();
    assertThat(off.oneLine()).endsWith(", automated backups off");
    assertThat(gone.exists()).isFalse();
    assertThat(gone.oneLine()).isEqualTo(TARGET + " does not exist");
  }

  // --- RestoreDBInstanceToPointInTime ----------------------------------------------------------

  /**
   * The restore asks for the latest restorable time into the new name, tagged with where it came
   * from; the answer is the new instance as RDS reports it right after.
   */
  @Test
  void restore_latestRestorableTime_intoTheNewInstance_tagged() {
    wire.stubFor(
        describe(TARGET)
            .inScenario("restore")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(notFound(TARGET)));
    wire.stubFor(
        query("RestoreDBInstanceToPointInTime")
            .inScenario("restore")
            .willReturn(xml(restored(TARGET)))
            .willSetStateTo("asked"));
    wire.stubFor(
        describe(TARGET)
            .inScenario("restore")
            .whenScenarioStateIs("asked")
            .willReturn(xml(instance(TARGET, "creating", null, 7))));

    InstanceState state = activities.restoreToPointInTime(command(null));

    assertThat(state.status()).isEqualTo("creating");
    wire.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=RestoreDBInstanceToPointInTime"))
            .withRequestBody(containing("SourceDBInstanceIdentifier=sync-db"))
            .withRequestBody(containing("TargetDBInstanceIdentifier=" + TARGET))
            .withRequestBody(containing("UseLatestRestorableTime=true"))
            // where the service reaches the old one: its subnets, security groups and shape
            .withRequestBody(containing("DBSubnetGroupName=sync-db-private"))
            .withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0db1234567"))
            .withRequestBody(containing("DBParameterGroupName=sync-pg16"))
            .withRequestBody(containing("DBInstanceClass=db.t4g.medium"))
            .withRequestBody(containing("MultiAZ=true"))
            .withRequestBody(containing("CopyTagsToSnapshot=true"))
            .withRequestBody(containing("Key=dr-runbooks%2Frestored-from"))
            .withRequestBody(notContaining("RestoreTime=")));
  }

  @Test
  void restore_toAnExplicitTime_sendsThatTime() {
    wire.stubFor(describe(TARGET).willReturn(notFound(TARGET)));
    wire.stubFor(query("RestoreDBInstanceToPointInTime").willReturn(xml(restored(TARGET))));

    activities.restoreToPointInTime(command(Instant.parse("2026-11-21T03:05:00Z")));

    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=RestoreDBInstanceToPointInTime"))
            .withRequestBody(containing("RestoreTime=2026-11-21T03%3A05%3A00Z"))
            .withRequestBody(notContaining("UseLatestRestorableTime")));
  }

  /** A retried activity whose first attempt got through: the target exists, nothing is sent. */
  @Test
  void retriedRestore_targetAlreadyBeingCreated_isNotAskedAgain() {
    wire.stubFor(describe(TARGET).willReturn(xml(instance(TARGET, "creating", null, 7))));

    InstanceState state = activities.restoreToPointInTime(command(null));

    assertThat(state.status()).isEqualTo("creating");
    wire.verify(
        0,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=RestoreDBInstanceToPointInTime")));
  }

  /**
   * The describe and the restore race another attempt: RDS says the name exists, which means the
   * restore is under way, not that it failed.
   */
  @Test
  void restoreRacingAnEarlierAttempt_alreadyExists_isTakenAsUnderWay() {
    wire.stubFor(
        describe(TARGET)
            .inScenario("race")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(notFound(TARGET)));
    wire.stubFor(
        query("RestoreDBInstanceToPointInTime")
            .inScenario("race")
            .willReturn(
                AwsStubs.queryError(400, "DBInstanceAlreadyExists", "DB instance already exists"))
            .willSetStateTo("exists"));
    wire.stubFor(
        describe(TARGET)
            .inScenario("race")
            .whenScenarioStateIs("exists")
            .willReturn(xml(instance(TARGET, "creating", null, 7))));

    assertThat(activities.restoreToPointInTime(command(null)).status()).isEqualTo("creating");
  }

  /** RDS refuses (time outside the backup window): said plainly, and not retried. */
  @Test
  void restoreRefusedByRds_isRestoreRefused_notRetried() {
    wire.stubFor(describe(TARGET).willReturn(notFound(TARGET)));
    wire.stubFor(
        query("RestoreDBInstanceToPointInTime")
            .willReturn(
                AwsStubs.queryError(
                    400,
                    "InvalidRestoreFault",
                    "The restore time is outside the instance's backup retention period")));

    assertThatThrownBy(() -> activities.restoreToPointInTime(command(null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(DatabaseRestores.RESTORE_REFUSED);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("RestoreDBInstanceToPointInTime")
                  .contains("outside the instance's backup retention period");
            });
  }

  // --- DescribeDBSnapshots / RestoreDBInstanceFromDBSnapshot ----------------------------------

  /** The newest *available* snapshot wins; one still being created is not a restore source. */
  @Test
  void newestSnapshot_isTheNewestAvailableOne() {
    wire.stubFor(
        query("DescribeDBSnapshots")
            .willReturn(
                xml(
                    snapshots(
                        snapshot(
                            "rds:sync-db-2026-11-20-00-05",
                            "automated",
                            "available",
                            "2026-11-20T00:05:00Z"),
                        snapshot("before-upgrade", "manual", "available", "2026-11-20T18:00:00Z"),
                        snapshot(
                            "rds:sync-db-2026-11-21-00-05",
                            "automated",
                            "creating",
                            "2026-11-21T00:05:00Z")))));

    var newest = activities.newestSnapshot(new InstanceQuery(PRIMARY, "sync-db"));

    assertThat(newest.snapshotId()).isEqualTo("before-upgrade");
    assertThat(newest.type()).isEqualTo("manual");
    assertThat(newest.createdAt()).isEqualTo(Instant.parse("2026-11-20T18:00:00Z"));
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeDBSnapshots"))
            .withRequestBody(containing("DBInstanceIdentifier=sync-db")));
  }

  @Test
  void noSnapshot_isNull() {
    wire.stubFor(query("DescribeDBSnapshots").willReturn(xml(snapshots())));

    assertThat(activities.newestSnapshot(new InstanceQuery(PRIMARY, "sync-db"))).isNull();
  }

  @Test
  void restoreFromSnapshot_sendsTheSnapshotAndTheNewName_once() {
    wire.stubFor(
        describe(TARGET)
            .inScenario("snapshot")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(notFound(TARGET)));
    wire.stubFor(
        query("RestoreDBInstanceFromDBSnapshot")
            .inScenario("snapshot")
            .willReturn(
                xml(
                    "<RestoreDBInstanceFromDBSnapshotResponse><RestoreDBInstanceFromDBSnapshotResult><DBInstance><DBInstanceIdentifier>"
                        + TARGET
                        + "</DBInstanceIdentifier><DBInstanceStatus>creating</DBInstanceStatus></DBInstance></RestoreDBInstanceFromDBSnapshotResult></RestoreDBInstanceFromDBSnapshotResponse>"))
            .willSetStateTo("asked"));
    wire.stubFor(
        describe(TARGET)
            .inScenario("snapshot")
            .whenScenarioStateIs("asked")
            .willReturn(xml(instance(TARGET, "creating", null, 7))));
    // The source is gone: the profile names where the restore lands.
    wire.stubFor(describe("sync-db").willReturn(notFound("sync-db")));
    var command =
        new dev.drrunbooks.service.SnapshotRestoreCommand(
            PRIMARY, "before-upgrade", TARGET, "sync-db", PROFILE_PLACEMENT);

    assertThat(activities.restoreFromSnapshot(command).status()).isEqualTo("creating");
    assertThat(activities.restoreFromSnapshot(command).status()).isEqualTo("creating");

    wire.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=RestoreDBInstanceFromDBSnapshot"))
            .withRequestBody(containing("DBSnapshotIdentifier=before-upgrade"))
            .withRequestBody(containing("DBInstanceIdentifier=" + TARGET))
            .withRequestBody(containing("DBSubnetGroupName=sync-db-private-b"))
            .withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-0aaa1111"))
            .withRequestBody(containing("VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-0bbb2222"))
            .withRequestBody(notContaining("DBInstanceClass"))
            .withRequestBody(containing("Key=dr-runbooks%2Frestored-from")));
  }

  @Test
  void snapshotGoneMeanwhile_isRestoreRefused() {
    wire.stubFor(describe(TARGET).willReturn(notFound(TARGET)));
    wire.stubFor(
        query("RestoreDBInstanceFromDBSnapshot")
            .willReturn(
                AwsStubs.queryError(
                    404, "DBSnapshotNotFound", "DBSnapshot before-upgrade not found.")));

    snapshotRestoreRefused();
  }

  /**
   * A deleted instance's snapshot, and a profile that does not say where to restore it: refused
   * before anything is created, saying why, instead of an instance in the default VPC that the
   * service cannot reach.
   */
  @Test
  void snapshotOfADeletedInstance_withoutANetworkInTheProfile_isRefusedBeforeAnyRestore() {
    wire.stubFor(describe(TARGET).willReturn(notFound(TARGET)));
    wire.stubFor(describe("sync-db").willReturn(notFound("sync-db")));

    assertThat(snapshotRestoreRefused().getOriginalMessage())
        .contains("database.restore.subnetGroup")
        .contains("default VPC");
    wire.verify(
        0,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=RestoreDBInstanceFromDBSnapshot")));
  }

  /** The profile's values win over the source's; what it leaves out is copied. */
  @Test
  void profilePlacement_winsOverTheSource_fieldByField() {
    wire.stubFor(describe(TARGET).willReturn(notFound(TARGET)));
    wire.stubFor(query("RestoreDBInstanceToPointInTime").willReturn(xml(restored(TARGET))));

    activities.restoreToPointInTime(
        new PointInTimeRestoreCommand(
            PRIMARY,
            "sync-db",
            TARGET,
            null,
            new dev.drrunbooks.profile.RestorePlacement(null, null, null, "db.r6g.large", null)));

    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=RestoreDBInstanceToPointInTime"))
            .withRequestBody(containing("DBInstanceClass=db.r6g.large"))
            .withRequestBody(containing("DBSubnetGroupName=sync-db-private"))
            .withRequestBody(containing("MultiAZ=true")));
  }

  // --- Secrets Manager -------------------------------------------------------------------------

  @Test
  void secret_readWithGetSecretValue_byArn_passwordNeverInToString() {
    wire.stubFor(
        secretsManager("GetSecretValue")
            .willReturn(
                AwsStubs.json(
                    "{\"ARN\":\""
                        + SECRET
                        + "\",\"Name\":\"sync-db\",\"SecretString\":"
                        + "\"{\\\"username\\\":\\\"sync\\\",\\\"password\\\":\\\"s3cr3t-pw\\\"}\"}")));

    DatabaseSecrets.Credentials credentials = secrets.credentials(SECRET);

    assertThat(credentials.username()).isEqualTo("sync");
    assertThat(credentials.password()).isEqualTo("s3cr3t-pw");
    assertThat(credentials.toString()).doesNotContain("s3cr3t-pw");
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .withHeader("Authorization", containing("/ap-southeast-1/secretsmanager/aws4_request"))
            .withRequestBody(equalToJson("{\"SecretId\":\"" + SECRET + "\"}")));
  }

  @Test
  void missingSecret_isSecretMissing_namingTheArn_notRetried() {
    wire.stubFor(
        secretsManager("GetSecretValue")
            .willReturn(
                AwsStubs.error(
                    400,
                    "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret.")));

    assertThatThrownBy(() -> secrets.credentials(SECRET))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(AwsDatabaseSecrets.SECRET_MISSING);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .isEqualTo("Secrets Manager has no secret " + SECRET);
            });
  }

  /** A plain-text secret is refused without ever echoing its value. */
  @Test
  void secretThatIsNotJson_isRefused_withoutShowingItsValue() {
    wire.stubFor(
        secretsManager("GetSecretValue")
            .willReturn(
                AwsStubs.json("{\"ARN\":\"" + SECRET + "\",\"SecretString\":\"hunter2\"}")));

    assertThatThrownBy(() -> secrets.credentials(SECRET))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(AwsDatabaseSecrets.SECRET_MISSING);
              assertThat(f.getOriginalMessage()).contains(SECRET).doesNotContain("hunter2");
            });
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static final dev.drrunbooks.profile.RestorePlacement PROFILE_PLACEMENT =
      new dev.drrunbooks.profile.RestorePlacement(
          "sync-db-private-b", java.util.List.of("sg-0aaa1111", "sg-0bbb2222"), null, null, null);

  /** A restore of snapshot "before-upgrade" of sync-db: refused, not retried; the refusal. */
  private ApplicationFailure snapshotRestoreRefused() {
    ApplicationFailure[] refused = new ApplicationFailure[1];
    assertThatThrownBy(
            () ->
                activities.restoreFromSnapshot(
                    new dev.drrunbooks.service.SnapshotRestoreCommand(
                        PRIMARY, "before-upgrade", TARGET, "sync-db", null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(DatabaseRestores.RESTORE_REFUSED);
              assertThat(f.isNonRetryable()).isTrue();
              refused[0] = f;
            });
    return refused[0];
  }

  private static PointInTimeRestoreCommand command(Instant time) {
    return new PointInTimeRestoreCommand(PRIMARY, "sync-db", TARGET, time, null);
  }

  /** DescribeDBInstances of exactly this instance (not one whose name starts the same). */
  private static MappingBuilder describe(String id) {
    return query("DescribeDBInstances")
        .withRequestBody(matching(".*DBInstanceIdentifier=" + id + "(&.*)?"));
  }

  private static MappingBuilder secretsManager(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager." + operation));
  }

  private static ResponseDefinitionBuilder notFound(String id) {
    return AwsStubs.queryError(404, "DBInstanceNotFound", "DBInstance " + id + " not found.");
  }

  private static String instance(
      String id, String status, String latestRestorable, int retentionDays) {
    return "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
        + "<DescribeDBInstancesResult><DBInstances><DBInstance>"
        + "<DBInstanceIdentifier>"
        + id
        + "</DBInstanceIdentifier><DBInstanceStatus>"
        + status
        + "</DBInstanceStatus>"
        + ("creating".equals(status)
            ? ""
            : "<Endpoint><Address>"
                + id
                + ".abc.ap-southeast-1.rds.amazonaws.com</Address><Port>5432</Port></Endpoint>")
        + "<BackupRetentionPeriod>"
        + retentionDays
        + "</BackupRetentionPeriod>"
        + "<DBInstanceClass>db.t4g.medium</DBInstanceClass><MultiAZ>true</MultiAZ>"
        + "<DBSubnetGroup><DBSubnetGroupName>sync-db-private</DBSubnetGroupName>"
        + "<VpcId>vpc-0abc</VpcId></DBSubnetGroup>"
        + "<VpcSecurityGroups><VpcSecurityGroupMembership><VpcSecurityGroupId>sg-0db1234567"
        + "</VpcSecurityGroupId><Status>active</Status></VpcSecurityGroupMembership>"
        + "</VpcSecurityGroups>"
        + "<DBParameterGroups><DBParameterGroup><DBParameterGroupName>sync-pg16"
        + "</DBParameterGroupName></DBParameterGroup></DBParameterGroups>"
        + (latestRestorable == null
            ? ""
            : "<LatestRestorableTime>" + latestRestorable + "</LatestRestorableTime>")
        + "</DBInstance></DBInstances></DescribeDBInstancesResult>"
        + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>"
        + "</DescribeDBInstancesResponse>";
  }

  private static String snapshots(String... members) {
    return "<DescribeDBSnapshotsResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
        + "<DescribeDBSnapshotsResult><DBSnapshots>"
        + String.join("", members)
        + "</DBSnapshots></DescribeDBSnapshotsResult>"
        + "<ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata>"
        + "</DescribeDBSnapshotsResponse>";
  }

  private static String snapshot(String id, String type, String status, String created) {
    return "<DBSnapshot><DBSnapshotIdentifier>"
        + id
        + "</DBSnapshotIdentifier><DBInstanceIdentifier>sync-db</DBInstanceIdentifier>"
        + "<SnapshotType>"
        + type
        + "</SnapshotType><Status>"
        + status
        + "</Status><SnapshotCreateTime>"
        + created
        + "</SnapshotCreateTime></DBSnapshot>";
  }

  private static String restored(String id) {
    return "<RestoreDBInstanceToPointInTimeResponse"
        + " xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
        + "<RestoreDBInstanceToPointInTimeResult><DBInstance><DBInstanceIdentifier>"
        + id
        + "</DBInstanceIdentifier><DBInstanceStatus>creating</DBInstanceStatus></DBInstance>"
        + "</RestoreDBInstanceToPointInTimeResult>"
        + "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata>"
        + "</RestoreDBInstanceToPointInTimeResponse>";
  }
}
