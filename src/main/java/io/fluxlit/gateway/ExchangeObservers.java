package io.fluxlit.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Calls every observer, isolating their failures from the request and from each other.
 *
 * <p>A gateway instance builds its observers on its own context and keeps them in that
 * context's data, which the duplicated context of each of its requests shares. So the HTTP proxy
 * and the WebSocket relay tell them about mid-exchange events ({@link #upgradedCurrent()},
 * {@link #upstreamFailedCurrent(UpstreamFailure)}) without being wired to them.
 */
public final class ExchangeObservers {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final ExchangeObserver[] observers;

  /** @param observers in the order they are told */
  public ExchangeObservers(List<ExchangeObserver> observers) {
    this.observers = observers.toArray(new ExchangeObserver[0]);
    Context context = Vertx.currentContext();
    if (context != null) {
      context.put(ExchangeObservers.class, this);
    }
  }

  void started(Exchange exchange) {
    for (ExchangeObserver observer : observers) {
      try {
        observer.started(exchange);
      } catch (RuntimeException e) {
        LOG.debug("gateway observer {} failed at start dispatch={}", observer.getClass().getSimpleName(),
          exchange.dispatch().label(), e);
      }
    }
  }

  /** Ends the exchange once and tells the observers. */
  void end(Exchange exchange, int status, long bytesSent, Short closeCode) {
    if (!exchange.end(status, bytesSent, closeCode)) {
      return;
    }
    for (ExchangeObserver observer : observers) {
      try {
        observer.ended(exchange);
      } catch (RuntimeException e) {
        LOG.debug("gateway observer {} failed at end dispatch={}", observer.getClass().getSimpleName(),
          exchange.dispatch().label(), e);
      }
    }
  }

  /** Tells the observers of the current request that its WebSocket upgrade was accepted. */
  static void upgradedCurrent() {
    onCurrent("upgrade", (observer, exchange) -> observer.upgraded(exchange));
  }

  /** @param failure how the current request's upstream hop failed */
  static void upstreamFailedCurrent(UpstreamFailure failure) {
    onCurrent("upstream failure", (observer, exchange) -> observer.upstreamFailed(exchange, failure));
  }

  private static void onCurrent(String event, BiConsumer<ExchangeObserver, Exchange> call) {
    Context context = Vertx.currentContext();
    Exchange exchange = ExchangeStorage.current();
    ExchangeObservers current = context == null ? null : context.get(ExchangeObservers.class);
    if (current == null || exchange == null) {
      return;
    }
    for (ExchangeObserver observer : current.observers) {
      try {
        call.accept(observer, exchange);
      } catch (RuntimeException e) {
        LOG.debug("gateway observer {} failed at {} dispatch={}", observer.getClass().getSimpleName(), event,
          exchange.dispatch().label(), e);
      }
    }
  }
}
