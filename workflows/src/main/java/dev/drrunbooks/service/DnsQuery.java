package dev.drrunbooks.service;

/**
 * A record to read. {@code ref} routes the call (real Route 53 or the sandbox); {@code home} is
 * where the record points when nobody has changed it, which only the sandbox uses, to seed its
 * simulated zone.
 */
public record DnsQuery(ServiceRef ref, String hostedZoneId, String recordName, DnsTarget home) {}
