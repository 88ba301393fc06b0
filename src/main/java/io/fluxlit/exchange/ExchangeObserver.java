package io.fluxlit.exchange;

/**
 * Told about every exchange the gateway handles (except metrics scrapes and the debug snapshot).
 * Called on the request's event loop: must not block, and must not throw (a failure is logged at
 * DEBUG and the request goes on).
 */
public interface ExchangeObserver {

  /** @param exchange an exchange that has just been dispatched */
  default void started(Exchange exchange) {
  }

  /**
   * The browser's WebSocket upgrade was accepted (101): the handshake is over and the session
   * begins. {@link #ended(Exchange)} follows when the session closes.
   *
   * @param exchange a WebSocket exchange
   */
  default void upgraded(Exchange exchange) {
  }

  /**
   * The upstream hop failed (refused, timed out or broke); the client is answered 502 or 504.
   *
   * @param exchange the exchange whose upstream hop failed
   * @param failure how it failed
   */
  default void upstreamFailed(Exchange exchange, UpstreamFailure failure) {
  }

  /** @param exchange an exchange that has ended (response complete, or WebSocket closed) */
  void ended(Exchange exchange);
}
