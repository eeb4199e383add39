package dev.drrunbooks.backup;

import dev.drrunbooks.service.DatabaseTarget;

/**
 * Load a full set's export into a fresh schema of the scratch database (the profile's schema file
 * creates the tables), compare row counts and content checksums, drop the schema.
 */
public record TableRestoreCommand(
    SetQuery set, DatabaseTarget scratch, String schemaName, String schemaFile) {}
