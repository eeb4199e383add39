package dev.drrunbooks.service;

/** The database as the application reaches it, probed from the service's region. */
public record DatabaseEndpoint(ServiceRef service, String host, int port) {}
