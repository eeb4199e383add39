package dev.drrunbooks.backup;

/**
 * One table of a full backup's logical export: {@code COPY (SELECT * FROM table ORDER BY 1) TO
 * STDOUT}, gzipped into {@code key}.
 *
 * @param rows rows exported
 * @param contentSha256 SHA-256 of the uncompressed COPY text: a restore into another database is
 *     proven equal when the same COPY there hashes the same
 * @param sha256 SHA-256 of the stored (gzipped) object
 */
public record TableExport(
    String table, String key, long rows, long size, String sha256, String contentSha256) {}
