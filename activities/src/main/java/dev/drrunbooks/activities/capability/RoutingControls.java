package dev.drrunbooks.activities.capability;

import dev.drrunbooks.profile.ServiceProfile;
import java.util.Map;

/** Route 53 Application Recovery Controller routing controls: On/Off switches on a cluster. */
public interface RoutingControls {

  /** {@code On} or {@code Off}, per control ARN. */
  Map<String, String> states(ServiceProfile.Failover.RoutingControl config);

  /** Sets each control's state in one request, so ARC evaluates its safety rules on the whole. */
  void set(ServiceProfile.Failover.RoutingControl config, Map<String, String> states);
}
