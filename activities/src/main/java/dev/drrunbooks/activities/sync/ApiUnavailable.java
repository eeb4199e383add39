package dev.drrunbooks.activities.sync;

/** The API did not answer usefully (throttled past our patience, 5xx, network): worth a retry. */
public final class ApiUnavailable extends RuntimeException {

  public ApiUnavailable(String message) {
    super(message);
  }
}
