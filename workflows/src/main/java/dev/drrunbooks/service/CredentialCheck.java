package dev.drrunbooks.service;

import java.util.List;

/**
 * What the credential check found. {@code outcome} is one of the constants; {@code envDiffers}
 * names the env-file variables that do not match (e.g. {@code DB_PASSWORD}); {@code envProblem}
 * says why the env file could not be compared, or null.
 */
public record CredentialCheck(
    String outcome,
    String detail,
    long millis,
    List<String> missingTables,
    List<String> envDiffers,
    String envProblem) {

  public static final String OK = "ok";
  public static final String AUTH_FAILED = "auth-failed";
  public static final String UNREACHABLE = "unreachable";
  public static final String TIMED_OUT = "timed-out";
  public static final String SECRET_MISSING = "secret-missing";
  public static final String NO_DATABASE = "no-database";

  /** The database accepts the secret's credentials and has the service's tables. */
  public boolean databaseSound() {
    return OK.equals(outcome) && missingTables.isEmpty();
  }

  /** The service's env file names the database the way the secret and the profile do. */
  public boolean serviceConfigMatches() {
    return envProblem == null && envDiffers.isEmpty();
  }

  public String oneLine() {
    String db =
        switch (outcome) {
          case OK ->
              missingTables.isEmpty()
                  ? "the database accepts the secret's credentials (" + millis + " ms)"
                  : "logged in, but tables are missing: " + String.join(", ", missingTables);
          default -> outcome + ": " + detail;
        };
    String env =
        envProblem != null
            ? "service env file: " + envProblem
            : envDiffers.isEmpty()
                ? "service env file matches"
                : "service env file differs in " + String.join(", ", envDiffers);
    return db + "; " + env;
  }
}
