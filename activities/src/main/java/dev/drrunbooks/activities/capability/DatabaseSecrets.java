package dev.drrunbooks.activities.capability;

/**
 * Database credentials from Secrets Manager (the secret's SecretString, JSON with {@code username}
 * and {@code password}). A value read here goes into a JDBC login and nowhere else.
 */
public interface DatabaseSecrets {

  /** Username and password; {@code toString} never shows the password. */
  record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[" + username + ", ****]";
    }
  }

  /** {@code SecretMissing} (not retried) when there is no such secret or it is not JSON. */
  Credentials credentials(String secretArn);
}
