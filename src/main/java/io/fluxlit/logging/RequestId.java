package io.fluxlit.logging;

import io.fluxlit.exchange.Exchange;

/**
 * The public accessor for the current request ID.
 *
 * <p>The ID is the one of the {@link Exchange} bound to the request's duplicated context, never a
 * thread-local, so two requests on one event loop cannot see each other's ID. The event bus
 * carries it in the {@link #HEADER} message header, set and bound by its interceptors
 * ({@code io.fluxlit.bus.RequestIdInterceptors}), so consumers need do nothing.
 */
public final class RequestId {

  /** The HTTP header and event-bus message header that carry the ID. */
  public static final String HEADER = "X-Request-ID";

  private RequestId() {
  }

  /** @return the ID of the request the current Vert.x context handles, or {@code null} outside a request */
  public static String current() {
    Exchange exchange = Exchange.current();
    return exchange == null ? null : exchange.requestId();
  }
}
