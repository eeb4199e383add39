package dev.drrunbooks.service;

/**
 * What a switch did: the record before and after, and the Route 53 change to wait for ({@code
 * changeId} null when the record already pointed there and nothing was written).
 */
public record DnsChange(boolean changed, DnsTarget before, DnsTarget after, String changeId) {

  public String oneLine() {
    return changed
        ? before.oneLine() + " -> " + after.oneLine() + " (change " + changeId + ")"
        : "already " + after.oneLine() + ": nothing written";
  }
}
