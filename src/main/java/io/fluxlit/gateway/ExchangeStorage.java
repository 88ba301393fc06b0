package io.fluxlit.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Registers the context local holding the request's {@link Exchange}, so code running on the
 * request's context (proxy interceptors, the WebSocket relay, trace hooks) can find it. Like the
 * request ID, it is registered by a service provider before any {@code Vertx} exists.
 */
public final class ExchangeStorage implements VertxServiceProvider {

  static final ContextLocal<Exchange> KEY = ContextLocal.registerLocal(Exchange.class);

  @Override
  public void init(VertxBootstrap builder) {
    // Loading this class registered KEY.
  }

  /** @return the exchange of the request the current context handles, or {@code null} */
  public static Exchange current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(KEY);
  }

  static void bindCurrent(Exchange exchange) {
    Context context = Vertx.currentContext();
    if (context != null) {
      context.putLocal(KEY, exchange);
    }
  }
}
