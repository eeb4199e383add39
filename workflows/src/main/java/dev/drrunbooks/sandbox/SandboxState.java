package dev.drrunbooks.sandbox;

/**
 * Where the sandbox stands, in the facts a drill must find unchanged after it cleaned up: the
 * primary's revision and task count, the standby's task count, whether the public name points at
 * the standby, which faults are active, and which revisions are tagged known-bad.
 */
public record SandboxState(
    Integer primaryRevision,
    int primaryDesired,
    int standbyDesired,
    boolean nameOnStandby,
    boolean regionOutage,
    boolean databaseOutage,
    int knownBadRevisions,
    java.util.List<Integer> knownBad) {

  /** The state without the list of known-bad revisions (recorded before it was kept). */
  public SandboxState(
      Integer primaryRevision,
      int primaryDesired,
      int standbyDesired,
      boolean nameOnStandby,
      boolean regionOutage,
      boolean databaseOutage,
      int knownBadRevisions) {
    this(
        primaryRevision,
        primaryDesired,
        standbyDesired,
        nameOnStandby,
        regionOutage,
        databaseOutage,
        knownBadRevisions,
        null);
  }

  public String oneLine() {
    return "primary :"
        + primaryRevision
        + " x"
        + primaryDesired
        + ", standby x"
        + standbyDesired
        + ", name on the "
        + (nameOnStandby ? "standby" : "primary")
        + (regionOutage ? ", REGION OUTAGE" : "")
        + (databaseOutage ? ", DATABASE OUTAGE" : "")
        + ", "
        + knownBadRevisions
        + " known-bad";
  }
}
