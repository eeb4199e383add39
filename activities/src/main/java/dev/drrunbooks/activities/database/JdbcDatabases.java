package dev.drrunbooks.activities.database;

import dev.drrunbooks.activities.capability.DatabaseSecrets.Credentials;
import dev.drrunbooks.activities.capability.SqlDatabases;
import dev.drrunbooks.service.CredentialCheck;
import dev.drrunbooks.service.DatabaseTarget;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * PostgreSQL over JDBC with the PostgreSQL driver: logins with bounded connect and socket timeouts
 * (a hung server is a timeout, not a hung activity), and table export and load with the driver's
 * {@code CopyManager}, streamed.
 */
public final class JdbcDatabases implements SqlDatabases {

  /** Table and schema names go into SQL: plain identifiers only. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final int connectTimeoutSeconds;
  private final int queryTimeoutSeconds;

  public JdbcDatabases(int connectTimeoutSeconds, int queryTimeoutSeconds) {
    this.connectTimeoutSeconds = connectTimeoutSeconds;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
  }

  public JdbcDatabases() {
    this(5, 10);
  }

  @Override
  public Login login(DatabaseTarget target, Credentials credentials, List<String> tables) {
    long start = System.nanoTime();
    try (Connection c = connect(target, credentials, queryTimeoutSeconds)) {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(queryTimeoutSeconds);
        s.execute("SELECT 1");
      }
      List<String> missing = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?)")) {
        for (String table : tables) {
          p.setString(1, table);
          try (ResultSet r = p.executeQuery()) {
            r.next();
            if (r.getString(1) == null) {
              missing.add(table);
            }
          }
        }
      }
      return new Login(
          CredentialCheck.OK, "logged in as " + credentials.username(), millis(start), missing);
    } catch (SQLException e) {
      return new Login(outcome(e), describe(e), millis(start), List.of());
    }
  }

  @Override
  public void copyOut(
      DatabaseTarget target,
      Credentials credentials,
      String schema,
      String table,
      OutputStream out) {
    String qualified = qualified(schema, table);
    try (Connection c = connect(target, credentials, 0)) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut("COPY (SELECT * FROM " + qualified + " ORDER BY 1) TO STDOUT", out);
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException(
          "COPY " + qualified + " from " + target.endpoint() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void load(
      DatabaseTarget target,
      Credentials credentials,
      String schema,
      String ddl,
      String table,
      InputStream in) {
    identifier(schema);
    String qualified = qualified(schema, table);
    try (Connection c = connect(target, credentials, 0)) {
      if (ddl != null) {
        try (Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          s.execute("CREATE SCHEMA " + schema);
          s.execute("SET search_path TO " + schema);
          s.execute(ddl);
        }
      }
      c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + qualified + " FROM STDIN", in);
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException(
          "load " + qualified + " into " + target.endpoint() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void dropSchema(DatabaseTarget target, Credentials credentials, String schema) {
    identifier(schema);
    try (Connection c = connect(target, credentials, queryTimeoutSeconds);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("drop schema " + schema + ": " + e.getMessage(), e);
    }
  }

  private Connection connect(DatabaseTarget target, Credentials credentials, int socketTimeout)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", credentials.username());
    props.setProperty("password", credentials.password());
    props.setProperty("connectTimeout", String.valueOf(connectTimeoutSeconds));
    props.setProperty("loginTimeout", String.valueOf(connectTimeoutSeconds));
    props.setProperty("socketTimeout", String.valueOf(socketTimeout));
    props.setProperty("ApplicationName", "dr-runbooks");
    return DriverManager.getConnection(
        "jdbc:postgresql://" + target.host() + ":" + target.port() + "/" + target.name(), props);
  }

  /** Tells a refused login, an unreachable server, a slow one and a missing database apart. */
  static String outcome(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("28P01") || state.equals("28000")) {
      return CredentialCheck.AUTH_FAILED;
    }
    if (state.equals("3D000")) {
      return CredentialCheck.NO_DATABASE;
    }
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof java.net.SocketTimeoutException) {
        return CredentialCheck.TIMED_OUT;
      }
      cause = cause.getCause();
    }
    String message =
        e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    if (state.equals("57014") || message.contains("timed out") || message.contains("timeout")) {
      return CredentialCheck.TIMED_OUT;
    }
    return CredentialCheck.UNREACHABLE;
  }

  /** The driver's message, which names the user or host, never the password. */
  private static String describe(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return (e.getSQLState() == null ? "" : "SQLSTATE " + e.getSQLState() + ": ")
        + message.lines().findFirst().orElse(message);
  }

  static String qualified(String schema, String table) {
    identifier(table);
    return schema == null ? table : identifier(schema) + "." + table;
  }

  static String identifier(String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain SQL identifier: " + name);
    }
    return name;
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
