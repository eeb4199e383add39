package dev.drrunbooks.backup;

import dev.drrunbooks.service.ServiceRef;

/** The service whose files are wanted, and the profile's config object. */
public record ServiceFilesQuery(ServiceRef service, String configUri) {}
