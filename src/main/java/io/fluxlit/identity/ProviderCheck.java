package io.fluxlit.identity;

import io.vertx.core.shareddata.Shareable;

/**
 * The last check that the OpenID provider answers, shared by the {@link OpenIdProvider}s of one
 * process (one per gateway instance), so that many sign-ins cost the provider one request every
 * {@value #VALID_MS} ms.
 */
public final class ProviderCheck implements Shareable {

  /** How long a check holds. */
  public static final long VALID_MS = 5_000;

  private long checkedAtMs;
  private boolean answered;

  /**
   * @param nowMs the time now
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
   * @param nowMs the time now
   */
  synchronized void answered(boolean outcome, long nowMs) {
    answered = outcome;
    checkedAtMs = nowMs;
  }
}
