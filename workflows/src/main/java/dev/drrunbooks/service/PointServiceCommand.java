package dev.drrunbooks.service;

/**
 * Point the service at another database host: rewrite the variable {@code hostVar} in the env file
 * at {@code envFileUri} (a new S3 version; the old one is the undo). Only that line changes;
 * nothing read from the file leaves the activity.
 */
public record PointServiceCommand(ServiceRef ref, String envFileUri, String hostVar, String host) {}
