package dev.drrunbooks.activities.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drrunbooks.activities.capability.DatabaseSecrets.Credentials;
import dev.drrunbooks.activities.capability.SqlDatabases.Login;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.CredentialCheck;
import dev.drrunbooks.service.DatabaseTarget;
import dev.drrunbooks.service.ServiceRef;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database checks against a real PostgreSQL (embedded, no Docker): each way a login can fail is
 * a distinct answer, and an export loads into another schema with the same rows.
 */
class JdbcDatabasesTest {

  private static final ServiceRef REF = new ServiceRef(Target.AWS, "ap-southeast-1", "c", "s");
  private static EmbeddedPostgres pg;
  private static final Credentials OWNER = new Credentials("postgres", "postgres");
  private final JdbcDatabases jdbc = new JdbcDatabases(1, 2);

  @BeforeAll
  static void start() throws Exception {
    java.nio.file.Path data = java.nio.file.Files.createTempDirectory("pg-data");
    pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).start();
    // initdb trusts every local login; the service's role must give its password, as on RDS.
    java.nio.file.Files.writeString(
        data.resolve("pg_hba.conf"),
        "host all sync 127.0.0.1/32 scram-sha-256\nhost all sync ::1/128 scram-sha-256\n"
            + "host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust\n");
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_reload_conf()");
      s.execute(
          "CREATE TABLE sync_state (gitee_key text PRIMARY KEY, notion_page text, synced_at timestamptz)");
      s.execute(
          "INSERT INTO sync_state VALUES ('acme/a#I2', 'page-2', '2026-11-21T03:00:00Z'),"
              + " ('acme/a#I1', 'page-1\nwith a newline', '2026-11-21T03:01:00Z')");
      s.execute("CREATE ROLE sync LOGIN PASSWORD 'right'");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  private static DatabaseTarget target(int port) {
    return new DatabaseTarget(REF, "localhost", port, "postgres", "arn:secret");
  }

  @Test
  void reachableWithTheRightPassword_isOk_andNamesMissingTables() {
    Login login =
        jdbc.login(
            target(pg.getPort()),
            new Credentials("sync", "right"),
            List.of("sync_state", "sync_cursors"));
    assertThat(login.outcome()).isEqualTo(CredentialCheck.OK);
    assertThat(login.missingTables()).containsExactly("sync_cursors");
  }

  @Test
  void wrongPassword_isAuthFailed_andTheMessageHoldsNoPassword() {
    Login login =
        jdbc.login(target(pg.getPort()), new Credentials("sync", "wrong-secret"), List.of());
    assertThat(login.outcome()).isEqualTo(CredentialCheck.AUTH_FAILED);
    assertThat(login.detail()).contains("28P01").doesNotContain("wrong-secret");
  }

  @Test
  void nothingListeningOnThePort_isUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(jdbc.login(target(port), OWNER, List.of()).outcome())
        .isEqualTo(CredentialCheck.UNREACHABLE);
  }

  @Test
  void aServerThatAcceptsButNeverAnswers_isTimedOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread t =
          new Thread(
              () -> {
                try (Socket held = silent.accept()) {
                  Thread.sleep(10_000);
                } catch (Exception ignored) {
                  // closed by the test
                }
              });
      t.setDaemon(true);
      t.start();
      Login login = jdbc.login(target(silent.getLocalPort()), OWNER, List.of());
      assertThat(login.outcome()).isEqualTo(CredentialCheck.TIMED_OUT);
      assertThat(login.millis()).isLessThan(5_000);
    }
  }

  @Test
  void exportLoadsIntoAScratchSchema_withTheSameRowsInTheSameOrder() {
    ByteArrayOutputStream exported = new ByteArrayOutputStream();
    jdbc.copyOut(target(pg.getPort()), OWNER, null, "sync_state", exported);
    String text = exported.toString(StandardCharsets.UTF_8);
    assertThat(text.lines()).hasSize(2);
    assertThat(text).startsWith("acme/a#I1\tpage-1\\nwith a newline");

    String ddl =
        "CREATE TABLE sync_state (gitee_key text PRIMARY KEY, notion_page text, synced_at timestamptz);";
    jdbc.load(
        target(pg.getPort()),
        OWNER,
        "verify_x",
        ddl,
        "sync_state",
        new ByteArrayInputStream(exported.toByteArray()));
    ByteArrayOutputStream loaded = new ByteArrayOutputStream();
    jdbc.copyOut(target(pg.getPort()), OWNER, "verify_x", "sync_state", loaded);
    assertThat(loaded.toByteArray()).isEqualTo(exported.toByteArray());
    jdbc.dropSchema(target(pg.getPort()), OWNER, "verify_x");
  }
}
