package io.fluxlit.gateway.websocket;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket sessions open on one port, counted across its gateway instances, against
 * {@code FLUXLIT_GATEWAY_MAX_WEBSOCKETS}. A slot is taken when an upgrade is admitted (before
 * the upstream handshake) and given back when the session, or the failed upgrade, ends. One
 * instance per port, handed to every gateway instance ({@code gateway.SharedState}).
 */
public final class WebSocketSlots {

  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param max the limit; 0 = unlimited
   * @return whether a slot was taken
   */
  boolean tryAcquire(int max) {
    while (true) {
      int current = open.get();
      if (max > 0 && current >= max) {
        return false;
      }
      if (open.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void release() {
    open.decrementAndGet();
  }

  /** @return the sessions open now */
  int open() {
    return open.get();
  }
}
