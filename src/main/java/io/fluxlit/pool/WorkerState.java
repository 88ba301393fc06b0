package io.fluxlit.pool;

import java.util.Locale;

/** Where a worker is in its life, as readiness, metrics and the debug snapshot show it. */
public enum WorkerState {
  /** Started, not yet healthy: takes nothing. */
  STARTING,
  /** Healthy: takes new browsers and its pinned ones. */
  UP,
  /** Being replaced by a reload: keeps its open sessions (uploads, media, WebSocket), takes no new ones. */
  DRAINING,
  /** Dead, restarting, or unreachable: its browsers are re-pinned. */
  DOWN;

  /** @return the lower-case name used in JSON, logs and the {@code state} metric label */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
