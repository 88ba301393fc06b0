package io.fluxlit.sidecar;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supervision of every managed Streamlit of one process, which the orderly stop ends in one
 * call: from then on a Streamlit still starting gives up (killed, its deployment failed within one
 * health poll), none is started, and one that exits is not restarted. One instance per process,
 * handed to each {@link SidecarVerticle} through its constructor. Thread-safe.
 */
public final class Supervision {

  private final Set<SidecarVerticle> running = ConcurrentHashMap.newKeySet();
  private volatile boolean ended;

  /** Ends supervision: safe from any thread, before, during or after start-up. */
  public void end() {
    ended = true;
    running.forEach(SidecarVerticle::endSupervision);
  }

  /** @return whether a stop began */
  boolean ended() {
    return ended;
  }

  /**
   * @param sidecar a sidecar that starts (on its context)
   * @return whether it may: {@code false} once supervision ended
   */
  boolean starting(SidecarVerticle sidecar) {
    // Added before the flag is read: end() then either sees it in the set, or this sees the flag.
    running.add(sidecar);
    return !ended;
  }

  /** @param sidecar a sidecar that stops */
  void stopped(SidecarVerticle sidecar) {
    running.remove(sidecar);
  }
}
