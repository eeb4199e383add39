package dev.drrunbooks.service;

import java.util.Locale;

/**
 * Where a DNS record points: a {@code CNAME} to a load balancer's name with a TTL, or an {@code
 * ALIAS} (an A record aliased to the load balancer, in the load balancer's hosted zone).
 */
public record DnsTarget(String type, String value, String aliasHostedZoneId, Integer ttlSeconds) {

  public static DnsTarget cname(String value, int ttlSeconds) {
    return new DnsTarget("CNAME", value, null, ttlSeconds);
  }

  public static DnsTarget alias(String value, String hostedZoneId) {
    return new DnsTarget("ALIAS", value, hostedZoneId, null);
  }

  /** Same destination, whatever the case or the trailing dot Route 53 adds. */
  public boolean sameDestination(DnsTarget other) {
    return other != null && type.equals(other.type) && normal(value).equals(normal(other.value));
  }

  public boolean pointsAt(String dnsName) {
    return normal(value).equals(normal(dnsName));
  }

  public String oneLine() {
    return type
        + " "
        + value
        + (ttlSeconds == null ? "" : " (TTL " + ttlSeconds + " s)")
        + (aliasHostedZoneId == null ? "" : " (zone " + aliasHostedZoneId + ")");
  }

  private static String normal(String name) {
    String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
