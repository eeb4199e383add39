package dev.drrunbooks.backup;

import java.time.Instant;
import java.util.List;

/**
 * {@code <setId>/manifest.json}: what a backup set holds. It names objects, sizes, SHA-256 sums,
 * source versions and times, never a value read from a file (an env file is copied as bytes).
 *
 * @param kind {@code full}, {@code incremental}
 * @param previousSet the set an incremental one was compared against; null for none
 * @param tables the database export (full sets only); empty otherwise
 * @param takenBy the workflow run that wrote it
 */
public record BackupManifest(
    int format,
    String setId,
    String service,
    String kind,
    Instant takenAt,
    String previousSet,
    List<BackupObject> objects,
    List<TableExport> tables,
    String takenBy) {

  public static final int FORMAT = 1;
  public static final String FULL = "full";
  public static final String INCREMENTAL = "incremental";
  public static final String MANIFEST = "manifest.json";

  public BackupObject object(String name) {
    return objects.stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
  }

  public long bytes() {
    return objects.stream().mapToLong(BackupObject::size).sum()
        + tables.stream().mapToLong(TableExport::size).sum();
  }

  public String oneLine() {
    long copied = objects.stream().filter(o -> setId.equals(o.storedIn())).count();
    return kind
        + " set "
        + setId
        + ": "
        + objects.size()
        + " object(s), "
        + copied
        + " copied"
        + (tables.isEmpty()
            ? ""
            : ", "
                + tables.size()
                + " table(s) / "
                + tables.stream().mapToLong(TableExport::rows).sum()
                + " row(s) exported")
        + ", "
        + bytes()
        + " bytes";
  }
}
