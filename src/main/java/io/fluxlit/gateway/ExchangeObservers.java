package io.fluxlit.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Calls every observer, isolating their failures from the request and from each other. */
public final class ExchangeObservers {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final ExchangeObserver[] observers;

  /** @param observers in the order they are told */
  public ExchangeObservers(List<ExchangeObserver> observers) {
    this.observers = observers.toArray(new ExchangeObserver[0]);
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
}
