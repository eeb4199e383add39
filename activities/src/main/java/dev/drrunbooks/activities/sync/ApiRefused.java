package dev.drrunbooks.activities.sync;

/**
 * The API answered and said no: 401 or 403 (token refused or lacking access), 404 (not found), or
 * another 4xx. Waiting does not help; the message names the call and the status, never the token.
 */
public final class ApiRefused extends RuntimeException {

  private final int status;

  public ApiRefused(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public boolean notFound() {
    return status == 404;
  }
}
