package dev.drrunbooks.rollback;

import dev.drrunbooks.service.HealthReport;
import dev.drrunbooks.service.LogSummary;
import dev.drrunbooks.service.ServiceState;

/** What the first look found: the logs' errors, the deployment now, the symptoms now. */
record Looked(LogSummary errors, ServiceState before, HealthReport symptoms) {}
