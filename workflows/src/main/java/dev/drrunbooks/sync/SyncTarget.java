package dev.drrunbooks.sync;

import dev.drrunbooks.profile.ServiceProfile;
import dev.drrunbooks.service.ServiceRef;

/** What the sync checks look at: where the service runs (sandbox or real) and what it syncs. */
public record SyncTarget(ServiceRef ref, ServiceProfile.Sync sync) {}
