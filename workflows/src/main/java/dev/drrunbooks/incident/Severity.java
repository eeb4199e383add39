package dev.drrunbooks.incident;

/** Incident severity from impact (task list 5: grading by severity). */
public enum Severity {
  /** Users cannot use the service: nothing answers, or most requests fail. */
  SEV1,
  /** The service is degraded for users, or data is being lost beyond the RPO. */
  SEV2,
  /** Something is wrong but users and data are not yet affected beyond the objectives. */
  SEV3,
  /** Nothing wrong confirmed. */
  SEV4
}
