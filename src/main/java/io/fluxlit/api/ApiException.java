package io.fluxlit.api;

/**
 * Thrown (or failed with) by an extension handler to answer a given status: its message becomes
 * the {@code detail} of the JSON body. Any other failure answers 500 without details.
 */
public class ApiException extends RuntimeException {

  private final int status;

  /**
   * @param status an HTTP status from 400 to 599
   * @param detail a message safe to show the client
   */
  public ApiException(int status, String detail) {
    super(detail, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400-599: " + status);
    }
    this.status = status;
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }
}
