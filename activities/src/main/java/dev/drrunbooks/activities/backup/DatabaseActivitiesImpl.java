package dev.drrunbooks.activities.backup;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.DatabaseSecrets.Credentials;
import dev.drrunbooks.activities.capability.ObjectStore;
import dev.drrunbooks.activities.capability.ObjectStore.Blob;
import dev.drrunbooks.activities.capability.SqlDatabases;
import dev.drrunbooks.backup.BackupSource;
import dev.drrunbooks.service.CredentialCheck;
import dev.drrunbooks.service.CredentialQuery;
import dev.drrunbooks.service.DatabaseChecks;
import dev.drrunbooks.service.DatabaseEndpoint;
import dev.drrunbooks.service.DatabaseReach;
import dev.drrunbooks.service.DatabaseRestores;
import dev.drrunbooks.service.EnvNames;
import dev.drrunbooks.service.InstanceQuery;
import dev.drrunbooks.service.InstanceState;
import dev.drrunbooks.service.PointInTimeRestoreCommand;
import dev.drrunbooks.service.PointServiceCommand;
import dev.drrunbooks.service.RestoredFile;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database checks of plan 3.2 and the changes that bring a lost database back. Credentials are
 * read from Secrets Manager here, used for one login, and dropped; the service's env file is read
 * here and only the names of the variables that differ leave this class.
 */
public final class DatabaseActivitiesImpl implements DatabaseChecks, DatabaseRestores {

  private static final Logger log = LoggerFactory.getLogger(DatabaseActivitiesImpl.class);

  private final Capabilities capabilities;

  public DatabaseActivitiesImpl(Capabilities capabilities) {
    this.capabilities = capabilities;
  }

  @Override
  public DatabaseReach checkConnection(DatabaseEndpoint endpoint) {
    try {
      java.net.InetAddress.getAllByName(endpoint.host());
    } catch (java.net.UnknownHostException e) {
      if (endpoint.service().target() != dev.drrunbooks.profile.ServiceProfile.Target.SANDBOX) {
        return new DatabaseReach(
            endpoint.host() + ":" + endpoint.port(), false, 0, "host does not resolve (DNS)");
      }
    }
    return capabilities
        .databases(endpoint.service())
        .reach(endpoint.service(), endpoint.host(), endpoint.port());
  }

  @Override
  public CredentialCheck verifyCredentials(CredentialQuery query) {
    var ref = query.database().ref();
    Credentials credentials;
    try {
      credentials = capabilities.secrets(ref).credentials(query.database().secretArn());
    } catch (ApplicationFailure missing) {
      if (!missing.isNonRetryable()) {
        throw missing;
      }
      return new CredentialCheck(
          CredentialCheck.SECRET_MISSING,
          missing.getOriginalMessage(),
          0,
          List.of(),
          List.of(),
          null);
    }
    SqlDatabases.Login login =
        capabilities.sql(ref).login(query.database(), credentials, query.tables());
    log.info(
        "Login to {} as {}: {} ({} ms)",
        query.database().endpoint(),
        credentials.username(),
        login.outcome(),
        login.millis());
    List<String> differs = new ArrayList<>();
    String envProblem = null;
    if (query.envFileUri() == null) {
      envProblem = "not compared (the service reads no env file)";
    } else {
      S3Uri uri = S3Uri.parse(query.envFileUri());
      Blob env = capabilities.objects(ref).get(uri.bucket(), uri.key());
      if (env == null) {
        envProblem = "missing at " + uri;
      } else {
        Map<String, String> vars = EnvFile.parse(new String(env.bytes(), StandardCharsets.UTF_8));
        EnvNames n = query.env();
        compare(vars, n.hostVar(), query.database().host(), differs);
        compare(vars, n.userVar(), credentials.username(), differs);
        compare(vars, n.passwordVar(), credentials.password(), differs);
      }
    }
    return new CredentialCheck(
        login.outcome(),
        login.detail(),
        login.millis(),
        login.missingTables(),
        differs,
        envProblem);
  }

  private static void compare(
      Map<String, String> vars, String name, String expected, List<String> differs) {
    if (name == null) {
      return;
    }
    String value = vars.get(name);
    if (value == null) {
      differs.add(name + " (missing)");
    } else if (!value.equals(expected)) {
      differs.add(name);
    }
  }

  @Override
  public InstanceState describeInstance(InstanceQuery query) {
    return capabilities.databases(query.ref()).instance(query.ref(), query.instanceId());
  }

  @Override
  public dev.drrunbooks.service.SnapshotState newestSnapshot(InstanceQuery query) {
    return capabilities.databases(query.ref()).newestSnapshot(query.ref(), query.instanceId());
  }

  @Override
  public InstanceState restoreFromSnapshot(dev.drrunbooks.service.SnapshotRestoreCommand command) {
    return restoreOnce(
        command.ref(),
        command.targetInstanceId(),
        "RestoreDBInstanceFromDBSnapshot " + command.snapshotId(),
        d ->
            d.restoreFromSnapshot(
                command.ref(),
                command.snapshotId(),
                command.targetInstanceId(),
                command.sourceInstanceId(),
                command.placement()));
  }

  @Override
  public InstanceState restoreToPointInTime(PointInTimeRestoreCommand command) {
    return restoreOnce(
        command.ref(),
        command.targetInstanceId(),
        "RestoreDBInstanceToPointInTime "
            + command.sourceInstanceId()
            + " at "
            + (command.restoreTime() == null ? "latest restorable time" : command.restoreTime()),
        d ->
            d.restoreToPointInTime(
                command.ref(),
                command.sourceInstanceId(),
                command.targetInstanceId(),
                command.restoreTime(),
                command.placement()));
  }

  /**
   * RDS has no client token for restores: the target's name is the idempotency key. A target that
   * exists already was asked for by an earlier attempt, and is described instead of asked again.
   */
  private InstanceState restoreOnce(
      dev.drrunbooks.service.ServiceRef ref,
      String target,
      String call,
      java.util.function.Consumer<dev.drrunbooks.activities.capability.Databases> restore) {
    var databases = capabilities.databases(ref);
    InstanceState existing = databases.instance(ref, target);
    if (existing.exists()) {
      log.info("{} exists already: the restore was asked for before", target);
      return existing;
    }
    log.info("{} -> {}", call, target);
    restore.accept(databases);
    return databases.instance(ref, target);
  }

  @Override
  public RestoredFile pointServiceAt(PointServiceCommand command) {
    ObjectStore store = capabilities.objects(command.ref());
    S3Uri uri = S3Uri.parse(command.envFileUri());
    Blob env = store.get(uri.bucket(), uri.key());
    if (env == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the service's env file is not at " + uri, dev.drrunbooks.backup.BackupStore.NO_ENV_FILE);
    }
    String text = new String(env.bytes(), StandardCharsets.UTF_8);
    String updated = EnvFile.set(text, command.hostVar(), command.host());
    byte[] bytes = updated.getBytes(StandardCharsets.UTF_8);
    if (updated.equals(text)) {
      return new RestoredFile(
          BackupSource.ENV, command.envFileUri(), false, null, env.versionId(), Sha256.of(bytes));
    }
    String version = store.put(uri.bucket(), uri.key(), bytes, "application/octet-stream");
    log.info("Set {} in {} to {}", command.hostVar(), uri, command.host());
    return new RestoredFile(
        BackupSource.ENV, command.envFileUri(), true, env.versionId(), version, Sha256.of(bytes));
  }

  /** The {@code KEY=value} lines of an env file, as ECS reads them. */
  static final class EnvFile {

    static Map<String, String> parse(String text) {
      Map<String, String> vars = new LinkedHashMap<>();
      for (String line : text.split("\r?\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        if (l.startsWith("export ")) {
          l = l.substring(7).strip();
        }
        int eq = l.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String value = l.substring(eq + 1).strip();
        if (value.length() >= 2
            && ((value.startsWith("\"") && value.endsWith("\""))
                || (value.startsWith("'") && value.endsWith("'")))) {
          value = value.substring(1, value.length() - 1);
        }
        vars.put(l.substring(0, eq).strip(), value);
      }
      return vars;
    }

    /** The text with {@code name}'s line set to {@code value} (appended when absent). */
    static String set(String text, String name, String value) {
      StringBuilder out = new StringBuilder();
      boolean found = false;
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        String l = line.strip();
        String bare = l.startsWith("export ") ? l.substring(7).strip() : l;
        if (bare.startsWith(name + "=") || bare.startsWith(name + " =")) {
          out.append(l.startsWith("export ") ? "export " : "")
              .append(name)
              .append('=')
              .append(value);
          found = true;
        } else {
          out.append(line);
        }
        if (i < lines.length - 1) {
          out.append('\n');
        }
      }
      if (!found) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
          out.append('\n');
        }
        out.append(name).append('=').append(value).append('\n');
      }
      return out.toString();
    }

    private EnvFile() {}
  }
}
