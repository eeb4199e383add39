package dev.drrunbooks.activities.backup;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.EcsServices;
import dev.drrunbooks.activities.capability.ObjectStore;
import dev.drrunbooks.activities.capability.ObjectStore.Blob;
import dev.drrunbooks.backup.BackupLocation;
import dev.drrunbooks.backup.BackupManifest;
import dev.drrunbooks.backup.BackupObject;
import dev.drrunbooks.backup.BackupSetSummary;
import dev.drrunbooks.backup.BackupSource;
import dev.drrunbooks.backup.BackupStore;
import dev.drrunbooks.backup.BackupTests;
import dev.drrunbooks.backup.BackupWrites;
import dev.drrunbooks.backup.FileTarget;
import dev.drrunbooks.backup.LiveCompare;
import dev.drrunbooks.backup.PruneCommand;
import dev.drrunbooks.backup.PruneResult;
import dev.drrunbooks.backup.RestoreFilesCommand;
import dev.drrunbooks.backup.RevertFilesCommand;
import dev.drrunbooks.backup.ScratchRestore;
import dev.drrunbooks.backup.ScratchRestoreCommand;
import dev.drrunbooks.backup.ServiceFiles;
import dev.drrunbooks.backup.ServiceFilesQuery;
import dev.drrunbooks.backup.SetCheck;
import dev.drrunbooks.backup.SetQuery;
import dev.drrunbooks.backup.TableExport;
import dev.drrunbooks.backup.TableRestoreCheck;
import dev.drrunbooks.backup.TableRestoreCommand;
import dev.drrunbooks.backup.TakeBackupCommand;
import dev.drrunbooks.service.RestoredFile;
import dev.drrunbooks.service.ServiceRef;
import dev.drrunbooks.service.ServiceState;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Backup sets in a versioned bucket: writing them (objects copied as bytes, checksummed by us; a
 * full set also exports the sync tables with {@code COPY ... TO STDOUT}, gzipped and streamed),
 * reading and verifying them, restoring them to where the service reads its files, and testing a
 * restore in scratch space. Log lines name keys, sizes and checksums, never content.
 */
public final class BackupActivitiesImpl extends BackupObjects
    implements BackupStore, BackupWrites, BackupTests {

  /** Not a file a source can be read from. */
  public static final String SOURCE_MISSING = "BackupSourceMissing";

  private final BackupTestsImpl tests;

  /**
   * @param schemaFiles reads a profile's schema file by its name (beside the profiles)
   */
  public BackupActivitiesImpl(Capabilities capabilities, Function<String, String> schemaFiles) {
    super(capabilities, schemaFiles);
    this.tests = new BackupTestsImpl(capabilities, schemaFiles);
  }

  // --- reading ---------------------------------------------------------------------------------

  @Override
  public List<BackupSetSummary> listSets(BackupLocation location) {
    ObjectStore.Listing listing = store(location).list(location.bucket(), "", "/");
    List<BackupSetSummary> sets = new ArrayList<>();
    for (String prefix : listing.prefixes()) {
      var m = SET_PREFIX.matcher(prefix);
      if (m.matches()) {
        sets.add(new BackupSetSummary(m.group(1), SET_TIME.parse(m.group(1), Instant::from)));
      }
    }
    sets.sort((a, b) -> b.setId().compareTo(a.setId()));
    return sets;
  }

  @Override
  public SetCheck verifySet(SetQuery query) {
    BackupManifest manifest = manifest(query);
    ObjectStore store = store(query.location());
    List<String> problems = new ArrayList<>();
    for (BackupObject o : manifest.objects()) {
      Heartbeats.beat("verify " + o.key());
      Blob blob = store.get(query.location().bucket(), o.key());
      if (blob == null) {
        problems.add(o.name() + ": " + o.key() + " is missing");
      } else if (blob.bytes().length != o.size() || !Sha256.of(blob.bytes()).equals(o.sha256())) {
        problems.add(
            o.name()
                + ": SHA-256 "
                + Sha256.shortly(o.sha256())
                + " in the manifest, "
                + Sha256.shortly(Sha256.of(blob.bytes()))
                + " stored ("
                + blob.bytes().length
                + " of "
                + o.size()
                + " bytes)");
      }
    }
    for (TableExport t : manifest.tables()) {
      Heartbeats.beat("verify " + t.key());
      Path file = temp("verify");
      try {
        if (!store.download(query.location().bucket(), t.key(), file)) {
          problems.add("table " + t.table() + ": " + t.key() + " is missing");
        } else if (!Sha256.of(file).equals(t.sha256())) {
          problems.add("table " + t.table() + ": SHA-256 differs from the manifest's");
        }
      } finally {
        deleteQuietly(file);
      }
    }
    return new SetCheck(manifest.setId(), problems.isEmpty(), problems, manifest);
  }

  @Override
  public String checkBucket(BackupLocation location) {
    String status = store(location).versioning(location.bucket());
    if (!"Enabled".equals(status)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "bucket "
              + location.bucket()
              + " does not keep versions (versioning "
              + (status == null ? "never enabled" : status)
              + "): enable it (aws s3api put-bucket-versioning --versioning-configuration"
              + " Status=Enabled) so sets are kept and a restore can be undone",
          VERSIONING_OFF);
    }
    return "versioning Enabled on " + location.bucket();
  }

  @Override
  public ServiceFiles serviceFiles(ServiceFilesQuery query) {
    EcsServices ecs = capabilities.ecs(query.service());
    ServiceState state = ecs.describeService(query.service());
    EcsServices.TaskDefinitionDocument td =
        ecs.taskDefinitionDocument(query.service(), state.taskDefinitionArn());
    if (td.environmentFiles().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "task definition "
              + td.arn()
              + " names no S3 env file (environmentFiles): the service does not read one, so"
              + " there is none to back up or restore",
          NO_ENV_FILE);
    }
    List<BackupSource> sources = new ArrayList<>();
    if (query.configUri() != null) {
      sources.add(new BackupSource(BackupSource.CONFIG, query.configUri()));
    }
    sources.add(new BackupSource(BackupSource.ENV, td.environmentFiles().get(0)));
    sources.add(new BackupSource(BackupSource.TASK_DEFINITION, "ecs:" + td.arn()));
    ServiceState.Deployment primary = state.primary();
    return new ServiceFiles(td.arn(), primary == null ? null : primary.id(), sources);
  }

  @Override
  public List<String> compareLive(LiveCompare compare) {
    BackupManifest manifest = manifest(compare.set());
    ObjectStore store = store(compare.set().location());
    List<String> problems = new ArrayList<>();
    for (FileTarget t : compare.targets()) {
      BackupObject o = manifest.object(t.name());
      if (o == null) {
        problems.add(t.name() + ": not in set " + manifest.setId());
        continue;
      }
      S3Uri uri = S3Uri.parse(t.uri());
      Blob live = store.get(uri.bucket(), uri.key());
      if (live == null) {
        problems.add(t.name() + ": " + uri + " is missing");
      } else if (!Sha256.of(live.bytes()).equals(o.sha256())) {
        problems.add(
            t.name()
                + ": "
                + uri
                + " has SHA-256 "
                + Sha256.shortly(Sha256.of(live.bytes()))
                + ", the set "
                + Sha256.shortly(o.sha256()));
      }
    }
    return problems;
  }

  // --- writing ---------------------------------------------------------------------------------

  @Override
  public BackupManifest takeSet(TakeBackupCommand command) {
    BackupLocation location = command.location();
    ObjectStore store = store(location);
    String manifestKey = command.setId() + "/" + BackupManifest.MANIFEST;
    Blob existing = store.get(location.bucket(), manifestKey);
    if (existing != null) {
      log.info("Backup set {} already written: returning it", location.uri(command.setId() + "/"));
      return parse(existing.bytes(), manifestKey);
    }
    BackupManifest previous =
        command.previousSet() == null
            ? null
            : manifestOrNull(new SetQuery(location, command.previousSet()));
    List<BackupObject> objects = new ArrayList<>();
    for (BackupSource source : command.sources()) {
      Heartbeats.beat("copy " + source.name());
      Source read = read(command.service(), store, source);
      String sha = Sha256.of(read.bytes());
      BackupObject before = previous == null ? null : previous.object(source.name());
      if (BackupManifest.INCREMENTAL.equals(command.kind())
          && before != null
          && before.sha256().equals(sha)) {
        objects.add(
            new BackupObject(
                source.name(),
                before.key(),
                before.size(),
                sha,
                source.uri(),
                read.version(),
                before.storedIn()));
        continue;
      }
      String key = command.setId() + "/" + LAYOUT.getOrDefault(source.name(), source.name());
      store.put(location.bucket(), key, read.bytes(), "application/octet-stream");
      log.info(
          "Backed up {} ({} bytes, SHA-256 {}) to {}",
          source.name(),
          read.bytes().length,
          Sha256.shortly(sha),
          location.uri(key));
      objects.add(
          new BackupObject(
              source.name(),
              key,
              read.bytes().length,
              sha,
              source.uri(),
              read.version(),
              command.setId()));
    }
    List<TableExport> tables = new ArrayList<>();
    if (command.database() != null && BackupManifest.FULL.equals(command.kind())) {
      tables.addAll(export(command, store));
    }
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.FORMAT,
            command.setId(),
            command.service().service(),
            command.kind(),
            command.takenAt(),
            previous == null ? null : previous.setId(),
            objects,
            tables,
            command.takenBy());
    store.put(location.bucket(), manifestKey, write(manifest), "application/json");
    return manifest;
  }

  @Override
  public List<String> pointLatest(SetQuery set) {
    BackupManifest manifest = manifest(set);
    ObjectStore store = store(set.location());
    String bucket = set.location().bucket();
    List<String> written = new ArrayList<>();
    for (BackupObject o : manifest.objects()) {
      String to = LATEST + o.key().substring(o.storedIn().length() + 1);
      store.copy(bucket, o.key(), bucket, to);
      written.add(to);
    }
    for (TableExport t : manifest.tables()) {
      String to = LATEST + t.key().substring(manifest.setId().length() + 1);
      store.copy(bucket, t.key(), bucket, to);
      written.add(to);
    }
    // The manifest last: latest/ names a set only once all its objects are there.
    store.copy(
        bucket,
        set.setId() + "/" + BackupManifest.MANIFEST,
        bucket,
        LATEST + BackupManifest.MANIFEST);
    written.add(LATEST + BackupManifest.MANIFEST);
    return written;
  }

  @Override
  public PruneResult prune(PruneCommand command) {
    BackupLocation location = command.location();
    List<BackupSetSummary> sets = listSets(location);
    Blob latest = store(location).get(location.bucket(), LATEST + BackupManifest.MANIFEST);
    String latestSet =
        latest == null ? null : parse(latest.bytes(), LATEST + BackupManifest.MANIFEST).setId();
    Instant cutoff = command.now().minus(Duration.ofDays(command.keepDays()));
    Set<String> keep = new LinkedHashSet<>();
    for (int i = 0; i < sets.size(); i++) {
      BackupSetSummary s = sets.get(i);
      if (i < command.keepSets() || !s.takenAt().isBefore(cutoff) || s.setId().equals(latestSet)) {
        keep.add(s.setId());
      }
    }
    Set<String> referenced = new HashSet<>();
    for (String id : keep) {
      BackupManifest m = manifestOrNull(new SetQuery(location, id));
      if (m != null) {
        m.objects().forEach(o -> referenced.add(o.storedIn()));
      }
    }
    List<String> deleted = new ArrayList<>();
    List<String> keptReferenced = new ArrayList<>();
    for (BackupSetSummary s : sets) {
      if (keep.contains(s.setId())) {
        continue;
      }
      if (referenced.contains(s.setId())) {
        keptReferenced.add(s.setId());
        continue;
      }
      Heartbeats.beat("delete " + s.setId());
      ObjectStore store = store(location);
      // The manifest first: a half-deleted set is then never taken for a whole one. Every
      // version goes, not only the current one: a versioned bucket would keep the bytes.
      store.purge(location.bucket(), s.setId() + "/" + BackupManifest.MANIFEST);
      store.purge(location.bucket(), s.setId() + "/");
      deleted.add(s.setId());
    }
    log.info(
        "Pruned {}: deleted {} set(s), kept {}",
        location.bucket(),
        deleted.size(),
        keep.size() + keptReferenced.size());
    return new PruneResult(deleted, keep.size() + keptReferenced.size(), keptReferenced);
  }

  @Override
  public List<RestoredFile> restoreFiles(RestoreFilesCommand command) {
    BackupManifest manifest = manifest(command.set());
    ObjectStore store = store(command.set().location());
    // Read and check everything before writing anything: a damaged object leaves all targets as
    // they were.
    List<byte[]> contents = new ArrayList<>();
    for (FileTarget t : command.targets()) {
      BackupObject o = manifest.object(t.name());
      if (o == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "set " + manifest.setId() + " has no " + t.name(), SET_NOT_FOUND);
      }
      Blob blob = store.get(command.set().location().bucket(), o.key());
      if (blob == null || !Sha256.of(blob.bytes()).equals(o.sha256())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "set "
                + manifest.setId()
                + ": "
                + o.key()
                + (blob == null ? " is missing" : " no longer matches its manifest")
                + "; nothing was restored",
            MANIFEST_UNREADABLE);
      }
      contents.add(blob.bytes());
    }
    List<RestoredFile> restored = new ArrayList<>();
    for (int i = 0; i < command.targets().size(); i++) {
      FileTarget t = command.targets().get(i);
      byte[] bytes = contents.get(i);
      S3Uri uri = S3Uri.parse(t.uri());
      Blob current = store.get(uri.bucket(), uri.key());
      String sha = Sha256.of(bytes);
      if (current != null && Arrays.equals(current.bytes(), bytes)) {
        restored.add(new RestoredFile(t.name(), t.uri(), false, null, current.versionId(), sha));
        continue;
      }
      String version = store.put(uri.bucket(), uri.key(), bytes, "application/octet-stream");
      log.info(
          "Restored {} from set {} to {} ({} bytes, SHA-256 {})",
          t.name(),
          manifest.setId(),
          uri,
          bytes.length,
          Sha256.shortly(sha));
      restored.add(
          new RestoredFile(
              t.name(), t.uri(), true, current == null ? null : current.versionId(), version, sha));
    }
    return restored;
  }

  @Override
  public List<String> revertFiles(RevertFilesCommand command) {
    ObjectStore store =
        capabilities.objects(
            new ServiceRef(command.target(), command.region(), "backup", "backup"));
    List<String> done = new ArrayList<>();
    for (RestoredFile f : command.files()) {
      if (!f.changed()) {
        continue;
      }
      S3Uri uri = S3Uri.parse(f.uri());
      if (f.previousVersion() == null) {
        store.delete(uri.bucket(), uri.key());
        done.add(f.name() + ": removed again (it did not exist before)");
      } else {
        store.restoreVersion(uri.bucket(), uri.key(), f.previousVersion());
        done.add(f.name() + ": back to version " + f.previousVersion());
      }
    }
    return done;
  }

  // --- tests: in scratch space ({@link BackupTestsImpl}) ------------------------------------

  @Override
  public ScratchRestore testRestore(ScratchRestoreCommand command) {
    return tests.testRestore(command);
  }

  @Override
  public TableRestoreCheck restoreTables(TableRestoreCommand command) {
    return tests.restoreTables(command);
  }
}
