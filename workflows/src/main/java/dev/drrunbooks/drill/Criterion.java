package dev.drrunbooks.drill;

/** One success criterion of a drill: the target, what was measured, and whether it was met. */
public record Criterion(String name, String target, String measured, boolean met) {}
