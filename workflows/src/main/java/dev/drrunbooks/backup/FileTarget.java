package dev.drrunbooks.backup;

/** Where the service reads one backed-up object: the set's {@code name} goes to {@code uri}. */
public record FileTarget(String name, String uri) {}
