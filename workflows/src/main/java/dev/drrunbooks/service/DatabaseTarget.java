package dev.drrunbooks.service;

/**
 * A database to log in to: where (routed by {@code ref}'s target and region), which database, and
 * the Secrets Manager secret whose SecretString holds {@code username} and {@code password}. The
 * secret's value is read inside the activity and never leaves it.
 */
public record DatabaseTarget(ServiceRef ref, String host, int port, String name, String secretArn) {

  public String endpoint() {
    return host + ":" + port + "/" + name;
  }
}
