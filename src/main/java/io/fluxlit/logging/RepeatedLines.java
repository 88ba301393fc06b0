package io.fluxlit.logging;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.HashSet;
import java.util.Set;

/**
 * Decides which of a repeated kind of line is logged at its own level (WARN, INFO) and which at
 * DEBUG: each key once a minute, and at most {@value #MAX_KEYS_PER_WINDOW} keys a minute, so that a
 * flood (refused upgrades with made-up origins, every asset request of a page re-pinned at once)
 * cannot flood the log. Thread-safe: one instance is shared by the gateway instances of a port.
 */
public final class RepeatedLines implements Shareable {

  /** How long a key stays quiet after its line was logged. */
  public static final long WINDOW_MS = 60_000;
  /** Most keys logged at their own level in one window. */
  public static final int MAX_KEYS_PER_WINDOW = 20;

  /**
   * @param vertx the process's Vert.x
   * @param name what the lines are, and for which port
   * @return the one instance of that name in this Vert.x, shared by the event loops
   */
  public static RepeatedLines shared(Vertx vertx, String name) {
    LocalMap<String, RepeatedLines> map = vertx.sharedData().getLocalMap("fluxlit.logging.repeated-lines");
    RepeatedLines fresh = new RepeatedLines();
    RepeatedLines known = map.putIfAbsent(name, fresh);
    return known != null ? known : fresh;
  }

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
