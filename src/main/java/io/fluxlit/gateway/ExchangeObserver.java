package io.fluxlit.gateway;

/**
 * Told about every exchange the gateway handles (except metrics scrapes and the debug snapshot).
 * Called on the request's event loop: must not block, and must not throw (a failure is logged at
 * DEBUG and the request goes on).
 */
public interface ExchangeObserver {

  /** @param exchange an exchange that has just been dispatched */
  default void started(Exchange exchange) {
  }

  /** @param exchange an exchange that has ended (response complete, or WebSocket closed) */
  void ended(Exchange exchange);
}
