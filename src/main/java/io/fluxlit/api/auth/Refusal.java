package io.fluxlit.api.auth;

/**
 * Why a request was not let in, with the answer it gets (docs/auth.md#jwt-on-the-api): the status,
 * the JSON {@code detail} and the {@code WWW-Authenticate} value, the same as the Python FluxLit's.
 * The {@link #reason()} labels the refusal metric.
 */
public enum Refusal {
  /** No {@code Authorization} header, or not a bearer one. */
  MISSING_TOKEN(401, "Missing bearer token", "Bearer"),
  /** {@code Authorization: Bearer } with nothing after it. */
  EMPTY_TOKEN(401, "Empty bearer token", "Bearer"),
  /** A token whose {@code exp} has passed (leeway included). */
  EXPIRED_TOKEN(401, "Token expired", "Bearer error=\"invalid_token\""),
  /** Any other bad token: forged, malformed, {@code alg=none}, foreign issuer or audience, unknown key. */
  INVALID_TOKEN(401, "Invalid token", "Bearer error=\"invalid_token\""),
  /** A valid token without every scope the route lists. */
  INSUFFICIENT_SCOPE(403, "Insufficient scope", null),
  /** A valid token without any of the roles the route lists. */
  INSUFFICIENT_ROLE(403, "Insufficient role", null),
  /** The key set could not be fetched: the token cannot be checked now. */
  KEYS_UNAVAILABLE(503, "Service Unavailable: the token signing keys cannot be fetched", null),
  /** A route needs a token but no way to check one is configured. */
  NOT_CONFIGURED(503, "Service Unavailable: bearer tokens are not configured on this server", null);

  private final int status;
  private final String detail;
  private final String challenge;

  Refusal(int status, String detail, String challenge) {
    this.status = status;
    this.detail = detail;
    this.challenge = challenge;
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }

  /** @return the JSON {@code detail} */
  public String detail() {
    return detail;
  }

  /** @return the {@code WWW-Authenticate} value, or {@code null} when none is sent */
  public String challenge() {
    return challenge;
  }

  /** @return the metric label: the name in lower case, e.g. {@code expired_token} */
  public String reason() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** @return this refusal as the failure of a future */
  public Refused failure() {
    return new Refused(this);
  }

  /** A refusal as an exception, to fail a future with. No stack trace: it is an answer, not an error. */
  public static final class Refused extends RuntimeException {

    private final Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.detail, null, false, false);
      this.refusal = refusal;
    }

    /** @return the refusal */
    public Refusal refusal() {
      return refusal;
    }
  }
}
