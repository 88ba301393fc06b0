package io.fluxlit.logging;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Accepts or replaces an inbound request ID (docs/observability.md#request-ids): the first header value, trimmed, kept
 * only when it is 1-128 visible ASCII characters (no spaces, no control characters), so a
 * client cannot inject log lines or oversized values; otherwise a lower-case UUID v4.
 */
public final class RequestIdPolicy {

  /** The longest inbound ID that is kept. */
  public static final int MAX_LENGTH = 128;

  private RequestIdPolicy() {
  }

  /**
   * @param inbound the first {@code X-Request-ID} value, or {@code null}
   * @return the ID to use for the request
   */
  public static String resolve(String inbound) {
    if (inbound != null) {
      String trimmed = inbound.trim();
      if (isAcceptable(trimmed)) {
        return trimmed;
      }
    }
    return generate();
  }

  /**
   * @param candidate a trimmed value
   * @return whether it is kept as the request ID
   */
  public static boolean isAcceptable(String candidate) {
    int length = candidate.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = candidate.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * A correlation ID, not a secret: drawn from {@link ThreadLocalRandom}, which unlike
   * {@code UUID.randomUUID()}'s shared {@code SecureRandom} costs no lock and no system entropy
   * per request (1.5 to 1.8 % of the gateway's CPU samples under load, docs/performance.md).
   *
   * @return a fresh lower-case UUID v4
   */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
    return new UUID(high, low).toString();
  }
}
