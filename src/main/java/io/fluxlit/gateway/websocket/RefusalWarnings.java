package io.fluxlit.gateway.websocket;

import io.vertx.core.shareddata.Shareable;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides which refused WebSocket origins get a WARN line: each origin once a minute, and at
 * most {@value #MAX_PER_MINUTE} origins a minute, so that a flood of refused upgrades (or of
 * made-up origins) cannot flood the log. Shared by the gateway instances of one port.
 */
final class RefusalWarnings implements Shareable {

  static final long WINDOW_MS = 60_000;
  static final int MAX_PER_MINUTE = 20;

  private long windowStart = Long.MIN_VALUE;
  private final Set<String> warned = new HashSet<>();

  /**
   * @param origin the refused origin
   * @param nowMs the current time
   * @return whether to log this refusal at WARN (else DEBUG)
   */
  synchronized boolean shouldWarn(String origin, long nowMs) {
    if (windowStart == Long.MIN_VALUE || nowMs - windowStart >= WINDOW_MS) {
      windowStart = nowMs;
      warned.clear();
    }
    return warned.size() < MAX_PER_MINUTE && warned.add(origin);
  }
}
