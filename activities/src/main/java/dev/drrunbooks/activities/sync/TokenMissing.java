package dev.drrunbooks.activities.sync;

/** The worker's environment lacks the token a profile names: set it where the worker runs. */
public final class TokenMissing extends RuntimeException {

  public TokenMissing(String system, String variable) {
    super(
        system
            + " token is not set: "
            + (variable.startsWith("(") || variable.contains(" ")
                ? variable
                : variable + " is empty in the worker's environment"));
  }
}
