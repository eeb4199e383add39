package dev.drrunbooks.service;

/**
 * Whether a TCP connection to the database opened, and how long it took: the plan's "database
 * connection timeout" symptom, seen from the worker, without credentials.
 *
 * @param detail what the connection attempt said, e.g. {@code connect timed out after 5 s}
 */
public record DatabaseReach(String endpoint, boolean reachable, long millis, String detail) {

  public String oneLine() {
    return endpoint
        + (reachable ? " accepts connections (" + millis + " ms)" : " unreachable: " + detail);
  }
}
