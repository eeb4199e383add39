package dev.drrunbooks.activities.backup;

import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.DatabaseSecrets.Credentials;
import dev.drrunbooks.activities.capability.ObjectStore;
import dev.drrunbooks.activities.capability.ObjectStore.Blob;
import dev.drrunbooks.activities.capability.SqlDatabases;
import dev.drrunbooks.backup.BackupManifest;
import dev.drrunbooks.backup.BackupObject;
import dev.drrunbooks.backup.BackupStore;
import dev.drrunbooks.backup.BackupTests;
import dev.drrunbooks.backup.ScratchRestore;
import dev.drrunbooks.backup.ScratchRestoreCommand;
import dev.drrunbooks.backup.TableExport;
import dev.drrunbooks.backup.TableRestoreCheck;
import dev.drrunbooks.backup.TableRestoreCommand;
import dev.drrunbooks.service.DatabaseTarget;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/** Test restores of a set into scratch space, and its tables into a scratch database. */
final class BackupTestsImpl extends BackupObjects implements BackupTests {

  BackupTestsImpl(Capabilities capabilities, Function<String, String> schemaFiles) {
    super(capabilities, schemaFiles);
  }

  @Override
  public ScratchRestore testRestore(ScratchRestoreCommand command) {
    BackupManifest manifest = manifest(command.set());
    ObjectStore store = store(command.set().location());
    String bucket = command.set().location().bucket();
    String prefix =
        command.scratchPrefix().endsWith("/")
            ? command.scratchPrefix()
            : command.scratchPrefix() + "/";
    List<String> problems = new ArrayList<>();
    List<String> written = new ArrayList<>();
    long bytes = 0;
    int count = 0;
    try {
      for (BackupObject o : manifest.objects()) {
        Heartbeats.beat("test restore " + o.key());
        String to = prefix + o.key();
        store.copy(bucket, o.key(), bucket, to);
        written.add(to);
        Blob original = store.get(bucket, o.key());
        Blob copy = store.get(bucket, to);
        if (original == null || copy == null || !Arrays.equals(original.bytes(), copy.bytes())) {
          problems.add(o.name() + ": the restored copy differs from the set's");
        } else if (!Sha256.of(copy.bytes()).equals(o.sha256())) {
          problems.add(o.name() + ": the restored copy does not match the manifest's SHA-256");
        } else {
          bytes += copy.bytes().length;
          count++;
        }
      }
      for (TableExport t : manifest.tables()) {
        Heartbeats.beat("test restore " + t.key());
        String to = prefix + t.key();
        store.copy(bucket, t.key(), bucket, to);
        written.add(to);
        Path original = temp("orig");
        Path copy = temp("copy");
        try {
          store.download(bucket, t.key(), original);
          store.download(bucket, to, copy);
          if (Files.mismatch(original, copy) != -1L || !Sha256.of(copy).equals(t.sha256())) {
            problems.add("table " + t.table() + ": the restored export differs");
          } else {
            bytes += Files.size(copy);
            count++;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          deleteQuietly(original);
          deleteQuietly(copy);
        }
      }
    } finally {
      // Every version of the scratch copies (the env file's among them, with its password), not
      // a delete marker in front of them.
      if (!written.isEmpty()) {
        store.purge(bucket, prefix);
      }
    }
    return new ScratchRestore(
        manifest.setId(), command.set().location().uri(prefix), count, bytes, problems);
  }

  @Override
  public TableRestoreCheck restoreTables(TableRestoreCommand command) {
    BackupManifest manifest = manifest(command.set());
    if (manifest.tables().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "set " + manifest.setId() + " has no database export (an incremental set)",
          BackupStore.SET_NOT_FOUND);
    }
    DatabaseTarget scratch = command.scratch();
    SqlDatabases sql = capabilities.sql(scratch.ref());
    Credentials credentials = capabilities.secrets(scratch.ref()).credentials(scratch.secretArn());
    String ddl = schemaFiles.apply(command.schemaFile());
    ObjectStore store = store(command.set().location());
    List<TableRestoreCheck.Table> tables = new ArrayList<>();
    try {
      boolean first = true;
      for (TableExport t : manifest.tables()) {
        Heartbeats.beat("load " + t.table());
        Path file = temp("load");
        try {
          store.download(command.set().location().bucket(), t.key(), file);
          try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            sql.load(scratch, credentials, command.schemaName(), first ? ddl : null, t.table(), in);
          }
          first = false;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          deleteQuietly(file);
        }
        Counted loaded = copyOut(sql, scratch, credentials, command.schemaName(), t.table());
        tables.add(
            new TableRestoreCheck.Table(
                t.table(), t.rows(), loaded.rows(), t.contentSha256(), loaded.sha256()));
      }
    } finally {
      sql.dropSchema(scratch, credentials, command.schemaName());
    }
    return new TableRestoreCheck(manifest.setId(), tables);
  }
}
