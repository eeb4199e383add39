package dev.drrunbooks.activities.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.drrunbooks.activities.capability.Capabilities;
import dev.drrunbooks.activities.capability.DatabaseSecrets.Credentials;
import dev.drrunbooks.activities.capability.EcsServices;
import dev.drrunbooks.activities.capability.ObjectStore;
import dev.drrunbooks.activities.capability.ObjectStore.Blob;
import dev.drrunbooks.activities.capability.SqlDatabases;
import dev.drrunbooks.backup.BackupLocation;
import dev.drrunbooks.backup.BackupManifest;
import dev.drrunbooks.backup.BackupSource;
import dev.drrunbooks.backup.BackupStore;
import dev.drrunbooks.backup.SetQuery;
import dev.drrunbooks.backup.TableExport;
import dev.drrunbooks.backup.TakeBackupCommand;
import dev.drrunbooks.profile.ServiceProfile.Target;
import dev.drrunbooks.service.DatabaseTarget;
import dev.drrunbooks.service.ServiceRef;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the backup activities share: the bucket through its capability, the manifest's JSON, the set
 * layout, and streaming objects and table exports in and out.
 */
abstract class BackupObjects {

  static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);

  /** Set ids are the UTC second they were taken: they sort by time. */
  static final Pattern SET_PREFIX = Pattern.compile("(\\d{8}T\\d{6}Z)/");

  static final DateTimeFormatter SET_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  static final String LATEST = "latest/";

  /** Where each source goes in a set: the plan's {@code latest/config} and {@code .env} layout. */
  static final Map<String, String> LAYOUT =
      Map.of(
          BackupSource.CONFIG, "config",
          BackupSource.ENV, "env_vars/.env",
          BackupSource.TASK_DEFINITION, "task-definition.json");

  final Capabilities capabilities;
  final Function<String, String> schemaFiles;
  final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * @param schemaFiles reads a profile's schema file by its name (beside the profiles)
   */
  BackupObjects(Capabilities capabilities, Function<String, String> schemaFiles) {
    this.capabilities = capabilities;
    this.schemaFiles = schemaFiles;
  }

  // --- helpers ---------------------------------------------------------------------------------

  List<TableExport> export(TakeBackupCommand command, ObjectStore store) {
    DatabaseTarget db = command.database();
    SqlDatabases sql = capabilities.sql(db.ref());
    Credentials credentials = capabilities.secrets(db.ref()).credentials(db.secretArn());
    List<TableExport> tables = new ArrayList<>();
    for (String table : command.tables() == null ? List.<String>of() : command.tables()) {
      Heartbeats.beat("export " + table);
      Path file = temp("export");
      try {
        MessageDigest content = Sha256.digest();
        RowCounter counter;
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file));
            RowCounter rows = new RowCounter(new DigestOutputStream(gz, content))) {
          sql.copyOut(db, credentials, null, table, rows);
          counter = rows;
        }
        String key = command.setId() + "/db/" + table + ".copy.gz";
        store.put(command.location().bucket(), key, file, "application/gzip");
        TableExport export =
            new TableExport(
                table, key, counter.rows(), Files.size(file), Sha256.of(file), Sha256.hex(content));
        log.info(
            "Exported {}: {} row(s), {} bytes gzipped, to {}",
            table,
            export.rows(),
            export.size(),
            command.location().uri(key));
        tables.add(export);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        deleteQuietly(file);
      }
    }
    return tables;
  }

  Counted copyOut(
      SqlDatabases sql,
      DatabaseTarget target,
      Credentials credentials,
      String schema,
      String table) {
    MessageDigest digest = Sha256.digest();
    try (RowCounter rows =
        new RowCounter(new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
      sql.copyOut(target, credentials, schema, table, rows);
      rows.flush();
      return new Counted(rows.rows(), Sha256.hex(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Counted(long rows, String sha256) {}

  /** Counts COPY text rows: one line each (newlines inside values are escaped as \n). */
  static final class RowCounter extends java.io.FilterOutputStream {
    private long rows;

    RowCounter(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      if (b == '\n') {
        rows++;
      }
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          rows++;
        }
      }
      out.write(b, off, len);
    }

    long rows() {
      return rows;
    }
  }

  record Source(byte[] bytes, String version) {}

  Source read(ServiceRef service, ObjectStore store, BackupSource source) {
    if (source.uri().startsWith("ecs:")) {
      EcsServices.TaskDefinitionDocument td =
          capabilities.ecs(service).taskDefinitionDocument(service, source.uri().substring(4));
      return new Source(td.json().getBytes(StandardCharsets.UTF_8), td.arn());
    }
    S3Uri uri = S3Uri.parse(source.uri());
    Blob blob = store.get(uri.bucket(), uri.key());
    if (blob == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          source.name() + " is not at " + uri + ": nothing to back up",
          BackupActivitiesImpl.SOURCE_MISSING);
    }
    return new Source(blob.bytes(), blob.versionId());
  }

  BackupManifest manifest(SetQuery query) {
    String key = query.setId() + "/" + BackupManifest.MANIFEST;
    Blob blob = store(query.location()).get(query.location().bucket(), key);
    if (blob == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no backup set "
              + query.setId()
              + " in "
              + query.location().uri("")
              + " (no "
              + key
              + ")",
          BackupStore.SET_NOT_FOUND);
    }
    return parse(blob.bytes(), key);
  }

  BackupManifest manifestOrNull(SetQuery query) {
    try {
      return manifest(query);
    } catch (ApplicationFailure missingOrUnreadable) {
      return null;
    }
  }

  BackupManifest parse(byte[] bytes, String key) {
    try {
      BackupManifest m = json.readValue(bytes, BackupManifest.class);
      if (m.format() != BackupManifest.FORMAT || m.setId() == null || m.objects() == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            key + " is not a format-" + BackupManifest.FORMAT + " manifest",
            BackupStore.MANIFEST_UNREADABLE);
      }
      return m.tables() == null
          ? new BackupManifest(
              m.format(),
              m.setId(),
              m.service(),
              m.kind(),
              m.takenAt(),
              m.previousSet(),
              m.objects(),
              List.of(),
              m.takenBy())
          : m;
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          key + " does not parse as a manifest: " + e.getMessage().lines().findFirst().orElse(""),
          BackupStore.MANIFEST_UNREADABLE);
    }
  }

  byte[] write(BackupManifest manifest) {
    try {
      return json.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ObjectStore store(BackupLocation location) {
    return capabilities.objects(refOf(location.target(), location.region()));
  }

  static ServiceRef refOf(Target target, String region) {
    return new ServiceRef(target, region, "backup", "backup");
  }

  static Path temp(String what) {
    try {
      return Files.createTempFile("dr-runbooks-" + what + "-", ".tmp");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A temp file left behind is removed with the worker's temp directory.
    }
  }
}
