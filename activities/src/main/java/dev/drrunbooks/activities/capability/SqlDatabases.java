package dev.drrunbooks.activities.capability;

import dev.drrunbooks.service.DatabaseTarget;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** A PostgreSQL database reached over JDBC (or the sandbox's simulated one). */
public interface SqlDatabases {

  /** What a login attempt said: one of CredentialCheck's outcomes, with tables missing. */
  record Login(String outcome, String detail, long millis, List<String> missingTables) {}

  /**
   * Log in, {@code SELECT 1}, look each table up; never throws for a refused login, an unreachable
   * server or a timeout: those are the answer.
   */
  Login login(DatabaseTarget target, DatabaseSecrets.Credentials credentials, List<String> tables);

  /** {@code COPY (SELECT * FROM table ORDER BY 1) TO STDOUT} (in {@code schema} when given). */
  void copyOut(
      DatabaseTarget target,
      DatabaseSecrets.Credentials credentials,
      String schema,
      String table,
      OutputStream out);

  /**
   * Creates {@code schema} afresh, runs {@code ddl} in it (the profile's schema file) and loads
   * each table with {@code COPY table FROM STDIN}.
   */
  void load(
      DatabaseTarget target,
      DatabaseSecrets.Credentials credentials,
      String schema,
      String ddl,
      String table,
      InputStream in);

  /** {@code DROP SCHEMA ... CASCADE}, if it exists. */
  void dropSchema(DatabaseTarget target, DatabaseSecrets.Credentials credentials, String schema);
}
