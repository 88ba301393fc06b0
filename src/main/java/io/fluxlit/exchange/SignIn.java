package io.fluxlit.exchange;

/**
 * What sign-in learned about an exchange (docs/auth.md), for the access log, the metrics and the
 * debug snapshot: the caller's user ID (never a token) and why a request was refused. Set by the
 * hop that knows: the API hop from the API verticle's reply, the sign-in gate from its session.
 */
public final class SignIn {

  /** The signed-in caller's user ID: a bearer token's {@code sub}, or the gate session's user. */
  public static final Exchange.Key<String> USER_ID = Exchange.Key.named("user_id");
  /** Why sign-in refused the request, a short bounded reason such as {@code expired_token} (the metric's label). */
  public static final Exchange.Key<String> REFUSAL = Exchange.Key.named("auth_refusal");

  /**
   * Present when the sign-in gate let the request through as a public path
   * ({@code FLUXLIT_AUTH_PUBLIC_PATHS}, the probes, the scrape): served as without the gate.
   */
  public static final Exchange.Key<Boolean> PUBLIC_PATH = Exchange.Key.named("public path");

  /** Present on the gate's callback that completed a sign-in (the sign-in counter). */
  public static final Exchange.Key<Boolean> COMPLETED = Exchange.Key.named("sign-in completed");

  private SignIn() {
  }
}
