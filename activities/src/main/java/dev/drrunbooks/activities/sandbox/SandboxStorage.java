package dev.drrunbooks.activities.sandbox;

import dev.drrunbooks.activities.capability.DatabaseSecrets;
import dev.drrunbooks.activities.capability.ObjectStore;
import dev.drrunbooks.activities.capability.SqlDatabases;
import dev.drrunbooks.service.CredentialCheck;
import dev.drrunbooks.service.DatabaseTarget;
import dev.drrunbooks.service.InstanceState;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's storage side: versioned buckets (the service's config and env file, the backup
 * bucket), the RDS instances with their restorable times, the database secret, and the sync tables.
 * Restores take time (twice a deployment), a lost instance stops its restorable time at the
 * failure, and the service connects only when its env file names an available instance with the
 * secret's password.
 */
final class SandboxStorage implements ObjectStore, DatabaseSecrets, SqlDatabases {

  public static final String CONFIG_BUCKET = "sandbox-config";
  public static final String CONFIG_KEY = "config/app.yaml";
  public static final String ENV_KEY = "gitee-notion-sync.env";
  public static final String INSTANCE = "gitee-notion-sync-db";
  public static final String HOST = "sandbox-db.sandbox.invalid";
  public static final String SECRET_ARN =
      "arn:aws:secretsmanager:sandbox:000000000000:secret:gitee-notion-sync-db";
  public static final String USER = "sync";
  public static final List<String> TABLES = List.of("sync_state", "sync_cursors");

  /** RDS keeps restorable data about this far behind now (it uploads logs every few minutes). */
  static final Duration RESTORABLE_LAG = Duration.ofSeconds(20);

  private final Clock clock;
  private final Duration deployTime;
  private final Map<String, SimBucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();
  private final Map<String, String> scratch = new ConcurrentHashMap<>();
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
  private final AtomicInteger versions = new AtomicInteger();
  private volatile String password = "sandbox-db-password";

  /** Where each change an API call makes is written down (the world's journal). */
  private final java.util.function.Consumer<String> journal;

  SandboxStorage(Clock clock, Duration deployTime, java.util.function.Consumer<String> journal) {
    this.journal = journal;
    this.clock = clock;
    this.deployTime = deployTime;
    reset();
  }

  /** Back to the start: one available instance, the service's files as deployed. */
  synchronized void reset() {
    buckets.remove(CONFIG_BUCKET);
    instances.clear();
    scratch.clear();
    instances.put(INSTANCE, new Instance(INSTANCE, HOST, Long.MIN_VALUE, null));
    // RDS's nightly automated snapshot, taken an hour before practice starts.
    snapshots.clear();
    long nightly = now() - Duration.ofHours(1).toMillis();
    String id =
        "rds:"
            + INSTANCE
            + "-"
            + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm")
                .withZone(java.time.ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(nightly));
    snapshots.put(id, new Snapshot(id, INSTANCE, nightly));
    bucket(CONFIG_BUCKET).put(CONFIG_KEY, config(), next());
    bucket(CONFIG_BUCKET).put(ENV_KEY, env(HOST, password), next());
    bucket("backup-bucket");
  }

  private static byte[] config() {
    return ("sync:\n  interval: 60s\n  repositories: [acme/gitee-notion-sync, acme/sync-docs]\n"
            + "notion:\n  dataSource: sandbox-issues\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] env(String host, String password) {
    return ("# gitee-notion-sync environment (read by ECS environmentFiles)\nDB_HOST="
            + host
            + "\nDB_USER="
            + USER
            + "\nDB_PASSWORD="
            + password
            + "\nGITEE_TOKEN=sandbox-gitee-token\nNOTION_TOKEN=sandbox-notion-token\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  // --- faults ------------------------------------------------------------------------------

  /** The database instance fails for good (storage lost): only a restore brings the data back. */
  void loseDatabase() {
    instances.computeIfPresent(
        INSTANCE, (k, i) -> new Instance(i.id, i.host, i.availableFrom, now()));
  }

  /** The instance is deleted (by mistake, or with its account): only its snapshots remain. */
  void deleteDatabase() {
    instances.remove(INSTANCE);
  }

  /** The lost instance comes back (a drill's cleanup). */
  void recoverDatabase() {
    instances.computeIfPresent(
        INSTANCE, (k, i) -> new Instance(i.id, i.host, i.availableFrom, null));
  }

  /**
   * A bad config push: the service's env file gets a wrong database password. Returns nothing; the
   * service notices at its next deployment.
   */
  public void breakServiceConfig() {
    bucket(CONFIG_BUCKET).put(ENV_KEY, env(HOST, "wrong-" + password), next());
  }

  /** Overwrites one object of a backup set with other bytes (a corrupted backup). */
  public void corrupt(String bucket, String key) {
    bucket(bucket).put(key, "corrupted\n".getBytes(StandardCharsets.UTF_8), next());
  }

  /** Whether a service whose env file says this could use its database at {@code t}. */
  boolean connects(Map<String, String> env, long t) {
    if (env == null) {
      return true;
    }
    Instance i = byHost(env.get("DB_HOST"));
    return i != null && i.availableAt(t) && password.equals(env.get("DB_PASSWORD"));
  }

  /** The service's env file now, as a deployment reads it. */
  Map<String, String> serviceEnv() {
    Blob b = get(CONFIG_BUCKET, ENV_KEY);
    Map<String, String> vars = new LinkedHashMap<>();
    if (b != null) {
      for (String line : new String(b.bytes(), StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          vars.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return vars;
  }

  boolean databaseLost() {
    Instance i = instances.get(INSTANCE);
    return i == null || i.failedAt != null;
  }

  // --- RDS ---------------------------------------------------------------------------------

  InstanceState instance(String id) {
    Instance i = instances.get(id);
    if (i == null) {
      return new InstanceState(id, false, null, null, null, null, false);
    }
    long now = now();
    String status = i.failedAt != null ? "failed" : i.availableAt(now) ? "available" : "creating";
    long restorable = (i.failedAt != null ? i.failedAt : now) - RESTORABLE_LAG.toMillis();
    return new InstanceState(
        id,
        true,
        status,
        i.availableAt(now) || i.failedAt != null ? i.host : null,
        5432,
        i.availableFrom > now ? null : Instant.ofEpochMilli(restorable),
        true);
  }

  void restore(String source, String target) {
    if (!instances.containsKey(source)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "DBInstanceNotFound: " + source,
          dev.drrunbooks.service.DatabaseReplicas.INSTANCE_NOT_FOUND);
    }
    createRestored(target);
  }

  dev.drrunbooks.service.SnapshotState newestSnapshot(String instanceId) {
    return snapshots.values().stream()
        .filter(x -> x.instanceId().equals(instanceId) && x.createdAt() <= now())
        .max(java.util.Comparator.comparingLong(Snapshot::createdAt))
        .map(
            x ->
                new dev.drrunbooks.service.SnapshotState(
                    x.id(),
                    instanceId,
                    "available",
                    "automated",
                    Instant.ofEpochMilli(x.createdAt())))
        .orElse(null);
  }

  void restoreSnapshot(String snapshotId, String target) {
    if (!snapshots.containsKey(snapshotId)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "DBSnapshotNotFound: " + snapshotId,
          dev.drrunbooks.service.DatabaseRestores.RESTORE_REFUSED);
    }
    createRestored(target);
  }

  /**
   * The new instance of a restore, available after twice the deploy time. Named: a second request
   * for the same instance is refused by RDS ("already exists"), so it is created and journaled
   * once.
   */
  private void createRestored(String target) {
    if (instances.putIfAbsent(
            target,
            new Instance(
                target, target + ".sandbox.invalid", now() + 2 * deployTime.toMillis(), null))
        == null) {
      journal.accept("rds restore " + target);
    }
  }

  dev.drrunbooks.service.DatabaseReach reach(String host, int port) {
    Instance i = byHost(host);
    String endpoint = host + ":" + port;
    if (i == null) {
      return new dev.drrunbooks.service.DatabaseReach(
          endpoint, false, 1, "host does not resolve (DNS)");
    }
    return i.availableAt(now())
        ? new dev.drrunbooks.service.DatabaseReach(endpoint, true, 3, "connected")
        : new dev.drrunbooks.service.DatabaseReach(
            endpoint, false, 5000, "connect timed out after 5 s");
  }

  private Instance byHost(String host) {
    return instances.values().stream().filter(i -> i.host.equals(host)).findFirst().orElse(null);
  }

  private record Snapshot(String id, String instanceId, long createdAt) {}

  private record Instance(String id, String host, long availableFrom, Long failedAt) {
    boolean availableAt(long t) {
      return t >= availableFrom && (failedAt == null || t < failedAt);
    }
  }

  // --- Secrets Manager ---------------------------------------------------------------------

  @Override
  public Credentials credentials(String secretArn) {
    if (!SECRET_ARN.equals(secretArn)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Secrets Manager has no secret " + secretArn, "SecretMissing");
    }
    return new Credentials(USER, password);
  }

  // --- the database ------------------------------------------------------------------------

  @Override
  public Login login(DatabaseTarget target, Credentials credentials, List<String> tables) {
    Instance i = byHost(target.host());
    if (i == null) {
      return new Login(
          CredentialCheck.UNREACHABLE, "UnknownHostException: " + target.host(), 1, List.of());
    }
    if (!i.availableAt(now())) {
      return new Login(CredentialCheck.TIMED_OUT, "connect timed out after 5 s", 5000, List.of());
    }
    if (!USER.equals(credentials.username()) || !password.equals(credentials.password())) {
      return new Login(
          CredentialCheck.AUTH_FAILED,
          "SQLSTATE 28P01: password authentication failed for user \""
              + credentials.username()
              + "\"",
          4,
          List.of());
    }
    List<String> missing = tables.stream().filter(t -> !TABLES.contains(t)).toList();
    return new Login(CredentialCheck.OK, "logged in as " + USER, 4, missing);
  }

  @Override
  public void copyOut(
      DatabaseTarget target,
      Credentials credentials,
      String schema,
      String table,
      OutputStream out) {
    String text = schema == null ? rows(table) : scratch.getOrDefault(schema + "." + table, "");
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      // Sorted by the first column, as COPY (... ORDER BY 1) reads it back.
      TreeMap<String, String> sorted = new TreeMap<>();
      for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          sorted.put(line.split("\t", 2)[0], line);
        }
      }
      StringBuilder text = new StringBuilder();
      sorted.values().forEach(l -> text.append(l).append('\n'));
      scratch.put(schema + "." + table, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void dropSchema(DatabaseTarget target, Credentials credentials, String schema) {
    scratch.keySet().removeIf(k -> k.startsWith(schema + "."));
  }

  /** The sync tables: one row per synced issue, and a cursor per repository. */
  private String rows(String table) {
    StringBuilder b = new StringBuilder();
    if (table.equals("sync_state")) {
      // Ordered by the first column, as COPY (SELECT ... ORDER BY 1) writes it.
      TreeMap<String, String> rows = new TreeMap<>();
      for (int n = 1000; n < 1040; n++) {
        String repo = n % 2 == 0 ? "acme/gitee-notion-sync" : "acme/sync-docs";
        rows.put(repo + "#I" + n, "page-" + n + "\t2026-11-21 03:00:00+00");
      }
      rows.forEach((k, v) -> b.append(k).append('\t').append(v).append('\n'));
    } else if (table.equals("sync_cursors")) {
      b.append("acme/gitee-notion-sync\t2026-11-21 03:00:00+00\n");
      b.append("acme/sync-docs\t2026-11-21 03:00:00+00\n");
    }
    return b.toString();
  }

  // --- S3 ----------------------------------------------------------------------------------

  /** The buckets there are, by name. */
  List<String> bucketNames() {
    return buckets.keySet().stream().sorted().toList();
  }

  private SimBucket bucket(String name) {
    return buckets.computeIfAbsent(name, n -> new SimBucket());
  }

  private String next() {
    return "v" + versions.incrementAndGet();
  }

  @Override
  public Blob get(String bucket, String key) {
    SimBucket.Version v = bucket(bucket).current(key);
    return v == null || v.bytes() == null ? null : new Blob(v.bytes().clone(), v.id());
  }

  @Override
  public Blob get(String bucket, String key, String versionId) {
    SimBucket b = bucket(bucket);
    synchronized (b) {
      return b.objects.getOrDefault(key, List.of()).stream()
          .filter(v -> v.id().equals(versionId) && v.bytes() != null)
          .findFirst()
          .map(v -> new Blob(v.bytes().clone(), v.id()))
          .orElse(null);
    }
  }

  @Override
  public boolean download(String bucket, String key, Path to) {
    Blob b = get(bucket, key);
    if (b == null) {
      return false;
    }
    try {
      Files.write(to, b.bytes());
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String put(String bucket, String key, byte[] bytes, String contentType) {
    String v = next();
    bucket(bucket).put(key, bytes.clone(), v);
    journal.accept("s3 write s3://" + bucket + "/" + key);
    return v;
  }

  @Override
  public String put(String bucket, String key, Path file, String contentType) {
    try {
      return put(bucket, key, Files.readAllBytes(file), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String copy(String bucket, String key, String toBucket, String toKey) {
    Blob b = get(bucket, key);
    if (b == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "NoSuchKey: s3://" + bucket + "/" + key, "NoSuchKey");
    }
    return put(toBucket, toKey, b.bytes(), null);
  }

  @Override
  public String restoreVersion(String bucket, String key, String versionId) {
    Blob b = get(bucket, key, versionId);
    if (b == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "NoSuchVersion: " + versionId, "NoSuchVersion");
    }
    return put(bucket, key, b.bytes(), null);
  }

  @Override
  public String currentVersion(String bucket, String key) {
    Blob b = get(bucket, key);
    return b == null ? null : b.versionId();
  }

  @Override
  public Listing list(String bucket, String prefix, String delimiter) {
    SimBucket b = bucket(bucket);
    List<String> keys = new ArrayList<>();
    java.util.Set<String> prefixes = new java.util.TreeSet<>();
    synchronized (b) {
      for (Map.Entry<String, List<SimBucket.Version>> e : b.objects.entrySet()) {
        List<SimBucket.Version> v = e.getValue();
        if (v.isEmpty() || v.get(v.size() - 1).bytes() == null || !e.getKey().startsWith(prefix)) {
          continue;
        }
        String rest = e.getKey().substring(prefix.length());
        int d = delimiter == null ? -1 : rest.indexOf(delimiter);
        if (d >= 0) {
          prefixes.add(prefix + rest.substring(0, d + 1));
        } else {
          keys.add(e.getKey());
        }
      }
    }
    return new Listing(keys, new ArrayList<>(prefixes));
  }

  @Override
  public String versioning(String bucket) {
    return "Enabled";
  }

  @Override
  public void delete(String bucket, String key) {
    bucket(bucket).put(key, null, next());
  }

  @Override
  public int purge(String bucket, String prefix) {
    return bucket(bucket).purge(prefix);
  }

  /** Every version and delete marker held of keys under the prefix (what a purge leaves: 0). */
  public int versionsUnder(String bucket, String prefix) {
    return bucket(bucket).versionsUnder(prefix);
  }

  private long now() {
    return clock.millis();
  }
}
