package io.fluxlit.gateway;

import io.fluxlit.config.Settings;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * The observers each gateway instance tells about its exchanges: the access log always (it is
 * DEBUG when not enabled, and skipped cheaply then), metrics when enabled, tracing when a hook
 * is installed.
 */
final class GatewayObserverFactory {

  private GatewayObserverFactory() {
  }

  static List<ExchangeObserver> create(Vertx vertx, Settings settings, DispatchRules rules) {
    List<ExchangeObserver> observers = new ArrayList<>();
    observers.add(new AccessLog(settings.observability().accessLogAtInfo(), settings.observability().redactedQueryKeys()));
    io.fluxlit.metrics.GatewayMetrics.create(vertx, settings).ifPresent(observers::add);
    io.fluxlit.tracing.TracingObserver.create(settings.observability().redactedQueryKeys()).ifPresent(observers::add);
    return observers;
  }
}
