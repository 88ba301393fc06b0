package io.fluxlit.gateway.signin;

/**
 * The last check that the OpenID provider answers, one per process ({@link GateProcessState}):
 * its outcome holds for {@value #VALID_MS} ms, so that many sign-ins on any gateway instance
 * cost the provider one request. Thread-safe: the instances run on different event loops.
 */
final class ProviderCheck {

  /** How long a check's outcome holds. */
  static final long VALID_MS = 5_000;

  private long checkedAtMs;
  private boolean answered;

  /**
   * @param nowMs now
   * @return the outcome of a check in the last {@value #VALID_MS} ms, or {@code null}: check now
   */
  synchronized Boolean recent(long nowMs) {
    if (checkedAtMs != 0 && nowMs - checkedAtMs < VALID_MS) {
      return answered;
    }
    return null;
  }

  /**
   * @param outcome whether the provider answered
   * @param nowMs when
   */
  synchronized void answered(boolean outcome, long nowMs) {
    answered = outcome;
    checkedAtMs = nowMs;
  }
}
