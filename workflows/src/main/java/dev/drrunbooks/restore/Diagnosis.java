package dev.drrunbooks.restore;

import dev.drrunbooks.service.CredentialCheck;
import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.InstanceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What is broken, decided from the checks (plan 3.2): the database itself (lost or corrupt: only
 * then is it restored), or the service's configuration (its env file no longer names the database
 * the way the secret does), or neither.
 */
public record Diagnosis(boolean databaseLost, boolean configBroken, List<String> findings) {

  /** RDS states from which the instance will not come back by itself. */
  static final Set<String> LOST_STATES =
      Set.of(
          "failed",
          "incompatible-restore",
          "incompatible-parameters",
          "inaccessible-encryption-credentials",
          "restore-error",
          "storage-full",
          "deleting");

  static Diagnosis of(DatabaseReach reach, CredentialCheck credentials, InstanceState instance) {
    List<String> findings = new ArrayList<>();
    boolean lost = false;
    if (instance != null && !instance.exists()) {
      lost = true;
      findings.add("the database instance is gone: " + instance.oneLine());
    } else if (instance != null && LOST_STATES.contains(instance.status())) {
      lost = true;
      findings.add("the database instance will not recover by itself: " + instance.oneLine());
    }
    if (credentials.databaseSound()) {
      findings.add("the database accepts the secret's credentials and has its tables");
    } else if (CredentialCheck.OK.equals(credentials.outcome())) {
      lost = true;
      findings.add(
          "the database is corrupt: tables missing ("
              + String.join(", ", credentials.missingTables())
              + ")");
    } else if (!lost) {
      findings.add(
          "the database does not accept a login ("
              + credentials.outcome()
              + ": "
              + credentials.detail()
              + ")"
              + (instance != null && instance.available()
                  ? ", though RDS reports it available: not a data loss (network, security"
                      + " group or the secret); the database is not restored"
                  : ""));
    }
    if (!reach.reachable() && !lost) {
      findings.add("the configured endpoint does not accept connections: " + reach.detail());
    }
    boolean configBroken = !credentials.serviceConfigMatches();
    if (configBroken) {
      findings.add(
          credentials.envProblem() != null
              ? "the service's env file: " + credentials.envProblem()
              : "the service's env file differs from the secret in "
                  + String.join(", ", credentials.envDiffers()));
    } else {
      findings.add("the service's env file names the database as the secret does");
    }
    return new Diagnosis(lost, configBroken, findings);
  }

  public String oneLine() {
    String what =
        databaseLost && configBroken
            ? "database lost and service config broken"
            : databaseLost
                ? "database lost"
                : configBroken ? "service config broken, database sound" : "nothing broken found";
    return what + ": " + String.join("; ", findings);
  }
}
