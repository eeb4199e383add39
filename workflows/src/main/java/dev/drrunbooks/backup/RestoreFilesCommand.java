package dev.drrunbooks.backup;

import java.util.List;

/**
 * Copy a verified set's objects back to where the service reads them. Each object is read and
 * checked against the manifest's SHA-256 before it is written, and written only when the target
 * differs: a retry, or a target already equal, writes nothing.
 */
public record RestoreFilesCommand(SetQuery set, List<FileTarget> targets) {}
