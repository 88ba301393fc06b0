package io.fluxlit.exchange;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Registers the one context local of a request: its {@link Exchange}. Vert.x snapshots context
 * locals when a {@code Vertx} is built, so the key is registered by a service provider (listed in
 * {@code META-INF/services}) rather than lazily.
 */
public final class ExchangeStorage implements VertxServiceProvider {

  static final ContextLocal<Exchange> KEY = ContextLocal.registerLocal(Exchange.class);

  @Override
  public void init(VertxBootstrap builder) {
    // Loading this class registered KEY.
  }
}
