package io.fluxlit.logging;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * Registers the request-ID {@link ContextLocal}. Vert.x snapshots context locals when a
 * {@code Vertx} is built, so the key must be registered by a service provider (listed in
 * {@code META-INF/services}) rather than lazily.
 */
public final class RequestIdStorage implements VertxServiceProvider {

  /** The request ID of the request a (duplicated) context is handling. */
  static final ContextLocal<String> KEY = ContextLocal.registerLocal(String.class);

  @Override
  public void init(VertxBootstrap builder) {
    // Nothing to do: loading this class registered KEY.
  }
}
