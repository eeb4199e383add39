package dev.drrunbooks.backup;

import java.util.List;

/** Compare what the service reads now with a set's manifest, object by object. */
public record LiveCompare(SetQuery set, List<FileTarget> targets) {}
