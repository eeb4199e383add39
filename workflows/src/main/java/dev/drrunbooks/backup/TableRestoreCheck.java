package dev.drrunbooks.backup;

import java.util.List;

/** The export as the scratch database holds it after the load: one line per table. */
public record TableRestoreCheck(String setId, List<Table> tables) {

  /** Rows and content checksum in the export and as loaded. */
  public record Table(
      String table,
      long exportedRows,
      long loadedRows,
      String exportedSha256,
      String loadedSha256) {
    public boolean equal() {
      return exportedRows == loadedRows && exportedSha256.equals(loadedSha256);
    }
  }

  public boolean matches() {
    return tables.stream().allMatch(Table::equal);
  }

  public String oneLine() {
    long rows = tables.stream().mapToLong(Table::loadedRows).sum();
    return matches()
        ? tables.size() + " table(s), " + rows + " row(s) loaded; counts and checksums equal"
        : "differs: "
            + String.join(
                "; ",
                tables.stream()
                    .filter(t -> !t.equal())
                    .map(
                        t ->
                            t.table()
                                + " exported "
                                + t.exportedRows()
                                + " row(s), loaded "
                                + t.loadedRows())
                    .toList());
  }
}
