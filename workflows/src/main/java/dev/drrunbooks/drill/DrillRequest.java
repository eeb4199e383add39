package dev.drrunbooks.drill;

import dev.drrunbooks.runbook.RunbookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of {@code Drill}: one JSON object, e.g. {@code
 * {"service":"sandbox","scenario":"app-failure", "participants":["demo-commander"]}}.
 *
 * @param scenario {@code app-failure}, {@code db-connection-loss} or {@code network-outage}
 * @param mode {@code simulation} (the sandbox; the default); {@code live} needs a staging profile
 *     with safe fault injection, which does not exist yet, and is refused
 * @param participants who takes the decisions and approvals, in this order of preference; each must
 *     be one of the profile's approvers
 * @param dryRun accepted for a uniform start; a drill always injects and always cleans up
 */
public record DrillRequest(
    String service,
    String scenario,
    String mode,
    List<String> participants,
    String requestedBy,
    String incidentId,
    boolean dryRun)
    implements RunbookRequest {

  public static final String SIMULATION = "simulation";

  public DrillRequest {
    participants = participants == null ? List.of() : List.copyOf(participants);
  }

  public String modeOrDefault() {
    return mode == null || mode.isBlank() ? SIMULATION : mode;
  }

  @Override
  public Instant detectedAt() {
    return null;
  }

  @Override
  public List<String> problems() {
    List<String> problems = new ArrayList<>(RunbookRequest.commonProblems(this));
    if (Scenario.MULTI_AZ.equals(scenario)) {
      problems.add(
          "scenario multi-az-failure needs availability zones the sandbox does not model; drill"
              + " it on a staging environment by hand");
    } else if (Scenario.byName(scenario) == null) {
      problems.add(
          "scenario '" + scenario + "' is not one of " + String.join(", ", Scenario.names()));
    }
    if (!SIMULATION.equals(modeOrDefault())) {
      problems.add(
          "mode '"
              + mode
              + "' is not available: only simulation (the sandbox) can be broken on purpose");
    }
    if (participants.isEmpty()) {
      problems.add("participants must name at least one approver, e.g. [\"demo-commander\"]");
    }
    return problems;
  }
}
