package dev.drrunbooks.service;

/** What a mutating call did; {@code changed} is false when the service was already there. */
public record ServiceChange(boolean changed, String before, String after, String detail) {}
