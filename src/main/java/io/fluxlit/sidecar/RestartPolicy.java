package io.fluxlit.sidecar;

/**
 * When to restart a managed Streamlit that died, and when to stop trying.
 *
 * <p>Deaths are counted in a row: a child that died before it became healthy, or less than
 * {@link #STABLE_MS} after, adds one to the count; a child that stayed healthy at least that long
 * starts it over, and with it the backoff. Restart {@code n} of a row waits
 * {@code min(initial * 2^(n-1), max)}. Once {@code maxRestarts} restarts in a row have died as
 * well, the policy gives up for good: a crash loop ends instead of spinning.
 *
 * <p>Pure logic without a clock of its own, so it is tested without waiting; the sidecar passes
 * in how long the dead child had been healthy.
 */
final class RestartPolicy {

  /** How long a child must stay healthy to count as having recovered (resets the backoff). */
  static final long STABLE_MS = 60_000;

  /** Returned by {@link #nextDelayMs(long)} when no restart is left. */
  static final long GIVE_UP = -1;

  private final int maxRestarts;
  private final long initialMs;
  private final long maxMs;
  private int restartsInARow;

  /**
   * @param maxRestarts restarts in a row before giving up (0: never restart)
   * @param initialMs the wait before the first restart of a row
   * @param maxMs the longest wait
   */
  RestartPolicy(int maxRestarts, long initialMs, long maxMs) {
    this.maxRestarts = maxRestarts;
    this.initialMs = initialMs;
    this.maxMs = Math.max(initialMs, maxMs);
  }

  /**
   * Records a death and decides what follows.
   *
   * @param healthyForMs how long the child that died had been healthy; 0 when it never was
   * @return the wait before the next restart in milliseconds, or {@link #GIVE_UP}
   */
  long nextDelayMs(long healthyForMs) {
    if (healthyForMs >= STABLE_MS) {
      restartsInARow = 0;
    }
    if (restartsInARow >= maxRestarts) {
      return GIVE_UP;
    }
    long delay = initialMs;
    for (int i = 0; i < restartsInARow && delay < maxMs; i++) {
      delay *= 2;
    }
    restartsInARow++;
    return Math.min(delay, maxMs);
  }

  /** @return the number of the restart the last {@link #nextDelayMs(long)} granted (1 = first of a row) */
  int restartsInARow() {
    return restartsInARow;
  }

  /** @return the configured maximum of restarts in a row */
  int maxRestarts() {
    return maxRestarts;
  }
}
