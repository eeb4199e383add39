package dev.drrunbooks.service;

/**
 * Point a record somewhere (a Route 53 UPSERT). {@code reason} goes into the change's comment, so
 * Route 53's own history says why.
 */
public record DnsSwitchCommand(DnsQuery record, DnsTarget to, String reason) {}
