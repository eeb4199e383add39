package dev.drrunbooks.backup;

/** Restore a set under {@code scratchPrefix}, compare, and clean the prefix up. */
public record ScratchRestoreCommand(SetQuery set, String scratchPrefix) {}
