package dev.drrunbooks.sandbox;

import dev.drrunbooks.service.ServiceRef;

/** What to look at: the primary and standby copies, the task family, the public name. */
public record SandboxStateQuery(
    ServiceRef primary,
    ServiceRef standby,
    String family,
    String zone,
    String recordName,
    String standbyLoadBalancer) {}
