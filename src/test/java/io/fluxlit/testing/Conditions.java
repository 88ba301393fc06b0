package io.fluxlit.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting on a condition with a deadline: the only way tests wait. */
public final class Conditions {

  private Conditions() {
  }

  /**
   * @param condition what must become true
   * @param timeoutSeconds how long it may take
   * @param what a description for the failure
   */
  public static void waitUntil(BooleanSupplier condition, long timeoutSeconds, String what) {
    waitUntil(condition, Duration.ofSeconds(timeoutSeconds), what);
  }

  /**
   * @param condition what must become true; exceptions it throws propagate
   * @param timeout how long it may take
   * @param what a description for the failure
   */
  public static void waitUntil(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /**
   * Asserts that a condition stays true for a whole window (a property over time, not a wait).
   *
   * @param condition what must stay true
   * @param windowMillis for how long
   * @param what a description for the failure
   */
  public static void holdsFor(BooleanSupplier condition, long windowMillis, String what) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(windowMillis);
    while (System.nanoTime() < end) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("stopped holding: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted checking " + what, e);
      }
    }
  }
}
