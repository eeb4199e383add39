package dev.drrunbooks.activities.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.platform.DnsRecordsImpl;
import dev.drrunbooks.profile.ServiceProfile.Failover.RoutingControl;
import dev.drrunbooks.profile.ServiceProfile.Failover.RoutingControl.ClusterEndpoint;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.DnsChange;
import dev.drrunbooks.service.DnsQuery;
import dev.drrunbooks.service.DnsSwitchCommand;
import dev.drrunbooks.service.DnsTarget;
import dev.drrunbooks.service.ServiceRef;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failover pair behind routing controls, in the sandbox: the same reads and switches as ARC. */
class SandboxRoutingControlsTest {

  private final SandboxWorld world = new SandboxWorld(Clock.systemUTC(), Duration.ofSeconds(1));
  private final DnsRecordsImpl dns =
      new DnsRecordsImpl(new Capabilities(world.capabilities(), region -> null));
  private final DnsQuery record =
      new DnsQuery(
          new ServiceRef(Target.SANDBOX, "sandbox-primary", "c", "s"),
          "ZSANDBOX",
          "sync.sandbox.invalid",
          DnsTarget.cname("primary-lb.sandbox.invalid", 60),
          DnsTarget.cname("standby-lb.sandbox.invalid", 60),
          new RoutingControl(
              "arc:primary",
              "arc:standby",
              List.of(new ClusterEndpoint("https://arc.sandbox.invalid/v1", "sandbox"))));

  @Test
  void switchingTheControls_movesTheName_andAsecondSwitchWritesNothing() {
    assertThat(dns.readRecord(record)).isEqualTo(record.home());

    DnsChange change = dns.switchRecord(new DnsSwitchCommand(record, record.away(), "drill"));

    assertThat(change.changed()).isTrue();
    assertThat(dns.changeStatus(record, change.changeId())).isEqualTo("INSYNC");
    assertThat(dns.readRecord(record)).isEqualTo(record.away());
    assertThat(dns.switchRecord(new DnsSwitchCommand(record, record.away(), "again")).changed())
        .isFalse();
  }
}
