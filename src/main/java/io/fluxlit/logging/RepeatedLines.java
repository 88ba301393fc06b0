package io.fluxlit.logging;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides which of a repeated kind of line is logged at its own level (WARN, INFO) and which at
 * DEBUG: each key once a minute, and at most {@value #MAX_KEYS_PER_WINDOW} keys a minute, so that a
 * flood (refused upgrades with made-up origins, every asset request of a page re-pinned at once)
 * cannot flood the log. Thread-safe: one instance is shared by the gateway instances of a port
 * (handed to each by {@code gateway.SharedState}).
 */
public final class RepeatedLines {

  /** How long a key stays quiet after its line was logged. */
  public static final long WINDOW_MS = 60_000;
  /** Most keys logged at their own level in one window. */
  public static final int MAX_KEYS_PER_WINDOW = 20;

  private long windowStart = Long.MIN_VALUE;
  private final Set<String> logged = new HashSet<>();

  /**
   * @param key what the line is about (an origin, a pair of workers)
   * @param nowMs the current time
   * @return whether to log this line at its own level (else at DEBUG)
   */
  public synchronized boolean first(String key, long nowMs) {
    if (windowStart == Long.MIN_VALUE || nowMs - windowStart >= WINDOW_MS) {
      windowStart = nowMs;
      logged.clear();
    }
    return logged.size() < MAX_KEYS_PER_WINDOW && logged.add(key);
  }
}
