package dev.drrunbooks.activities.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.drrunbooks.activities.aws.AwsStubs.query;
import static dev.drrunbooks.activities.aws.AwsStubs.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.DatabaseReplicasImpl;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.DatabaseReplicas;
import dev.drrunbooks.service.ReplicaQuery;
import dev.drrunbooks.service.ReplicaState;
import dev.drrunbooks.service.ServiceChange;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RDS and the ReplicaLag metric at the wire (AWS query protocol). */
class AwsDatabasesWireTest {

  private static final ServiceRef STANDBY =
      new ServiceRef(Target.AWS, "ap-northeast-1", "cluster", "service");
  private static final ReplicaQuery REPLICA = new ReplicaQuery(STANDBY, "sync-db-replica");

  private WireMockServer wire;
  private DatabaseReplicas replicas;

  @BeforeEach
  void setUp() {
    wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    AwsClients clients = AwsStubs.clients(wire.baseUrl(), "ap-northeast-1");
    Capabilities.Set aws =
        clients.capabilities(Clock.fixed(Instant.parse("2026-11-21T03:10:00Z"), ZoneOffset.UTC));
    replicas = new DatabaseReplicasImpl(new Capabilities(null, region -> aws));
  }

  @AfterEach
  void tearDown() {
    wire.stop();
  }

  @Test
  void replica_reportsItsSourceAndTheLatestReplicaLag() {
    wire.stubFor(query("DescribeDBInstances").willReturn(xml(instance("available", "sync-db"))));
    wire.stubFor(query("GetMetricData").willReturn(xml(lag(14.0))));

    ReplicaState state = replicas.describeReplica(REPLICA);

    assertThat(state).isEqualTo(new ReplicaState("sync-db-replica", "available", "sync-db", 14L));
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeDBInstances"))
            .withRequestBody(containing("DBInstanceIdentifier=sync-db-replica")));
    wire.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=GetMetricData"))
            .withRequestBody(containing("MetricName=ReplicaLag"))
            .withRequestBody(containing("Namespace=AWS%2FRDS"))
            .withRequestBody(containing("Value=sync-db-replica"))
            .withRequestBody(containing("StartTime=2026-11-21T03%3A00%3A00Z")));
  }

  /** Promotion reads first: a promoted instance (a retried activity) is not promoted again. */
  @Test
  void promote_sendsPromoteReadReplicaOnce_andNotForAStandaloneInstance() {
    wire.stubFor(query("DescribeDBInstances").willReturn(xml(instance("available", "sync-db"))));
    wire.stubFor(query("GetMetricData").willReturn(xml(lag(3.0))));
    wire.stubFor(
        query("PromoteReadReplica")
            .willReturn(
                xml(
                    "<PromoteReadReplicaResponse><PromoteReadReplicaResult>"
                        + "<DBInstance><DBInstanceIdentifier>sync-db-replica</DBInstanceIdentifier>"
                        + "<DBInstanceStatus>modifying</DBInstanceStatus></DBInstance>"
                        + "</PromoteReadReplicaResult></PromoteReadReplicaResponse>")));

    ServiceChange first = replicas.promoteReplica(REPLICA);
    wire.stubFor(query("DescribeDBInstances").willReturn(xml(instance("available", null))));
    ServiceChange again = replicas.promoteReplica(REPLICA);

    assertThat(first.changed()).isTrue();
    assertThat(again.changed()).isFalse();
    wire.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=PromoteReadReplica"))
            .withRequestBody(containing("DBInstanceIdentifier=sync-db-replica")));
  }

  @Test
  void unknownInstance_isRefusedNotRetried() {
    wire.stubFor(
        post(urlEqualTo("/"))
            .willReturn(
                AwsStubs.queryError(
                    404, "DBInstanceNotFound", "DBInstance sync-db-replica not found.")));

    assertThatThrownBy(() -> replicas.describeReplica(REPLICA))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(DatabaseReplicas.INSTANCE_NOT_FOUND);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }

  private static String instance(String status, String source) {
    return "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
        + "<DescribeDBInstancesResult><DBInstances><DBInstance>"
        + "<DBInstanceIdentifier>sync-db-replica</DBInstanceIdentifier>"
        + "<DBInstanceStatus>"
        + status
        + "</DBInstanceStatus>"
        + (source == null
            ? ""
            : "<ReadReplicaSourceDBInstanceIdentifier>"
                + source
                + "</ReadReplicaSourceDBInstanceIdentifier>")
        + "</DBInstance></DBInstances></DescribeDBInstancesResult>"
        + "<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>"
        + "</DescribeDBInstancesResponse>";
  }

  private static String lag(double seconds) {
    return "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
        + "<GetMetricDataResult><MetricDataResults><member><Id>lag</Id><Label>lag</Label>"
        + "<StatusCode>Complete</StatusCode><Timestamps><member>2026-11-21T03:09:00Z</member>"
        + "</Timestamps><Values><member>"
        + seconds
        + "</member></Values></member></MetricDataResults></GetMetricDataResult>"
        + "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></GetMetricDataResponse>";
  }

  /** A listening database answers the probe; a closed port is unreachable, said plainly. */
  @Test
  void probeDatabase_opensATcpConnection_andSaysWhyWhenItCannot() throws Exception {
    try (java.net.ServerSocket db = new java.net.ServerSocket(0)) {
      dev.drrunbooks.service.DatabaseReach up =
          replicas.probeDatabase(
              new dev.drrunbooks.service.DatabaseEndpoint(STANDBY, "127.0.0.1", db.getLocalPort()));
      assertThat(up.reachable()).isTrue();
      assertThat(up.endpoint()).isEqualTo("127.0.0.1:" + db.getLocalPort());
    }
    int closed;
    try (java.net.ServerSocket gone = new java.net.ServerSocket(0)) {
      closed = gone.getLocalPort();
    }
    dev.drrunbooks.service.DatabaseReach down =
        replicas.probeDatabase(
            new dev.drrunbooks.service.DatabaseEndpoint(STANDBY, "127.0.0.1", closed));
    assertThat(down.reachable()).isFalse();
    assertThat(down.oneLine()).contains("unreachable: ConnectException");
    assertThat(wire.getAllServeEvents()).isEmpty(); // a TCP probe, no AWS call
  }
}
