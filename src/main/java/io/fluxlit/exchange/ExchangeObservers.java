package io.fluxlit.exchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Calls every observer, isolating their failures from the request and from each other. Built
 * once per gateway instance from the observers its deployer assembled, and handed to each hop
 * (HTTP proxy, WebSocket relay) that reports mid-exchange events.
 */
public final class ExchangeObservers {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final ExchangeObserver[] observers;

  /** @param observers in the order they are told */
  public ExchangeObservers(List<ExchangeObserver> observers) {
    this.observers = observers.toArray(new ExchangeObserver[0]);
  }

  /** @param exchange an exchange that has just been dispatched */
  public void started(Exchange exchange) {
    tell("start", exchange, ExchangeObserver::started);
  }

  /**
   * From here on only the session ends the exchange ({@link #end}); {@link #responseEnded} does
   * nothing for it, so that the end keeps the 101 and the close code whichever side of the
   * connection notices a drop first.
   *
   * @param exchange a WebSocket exchange whose upgrade was accepted
   */
  public void upgraded(Exchange exchange) {
    exchange.markUpgraded();
    tell("upgrade", exchange, ExchangeObserver::upgraded);
  }

  /**
   * The HTTP response of an exchange ended, or its connection closed: ends the exchange, unless
   * it is an accepted WebSocket session, whose end is the session's.
   *
   * @param exchange the exchange
   * @param status the status sent (0 if none)
   * @param bytesSent bytes of response written
   */
  public void responseEnded(Exchange exchange, int status, long bytesSent) {
    if (!exchange.upgraded()) {
      end(exchange, status, bytesSent, null);
    }
  }

  /**
   * @param exchange the exchange whose upstream hop failed
   * @param failure how it failed
   */
  public void upstreamFailed(Exchange exchange, UpstreamFailure failure) {
    tell("upstream failure", exchange, (observer, e) -> observer.upstreamFailed(e, failure));
  }

  /**
   * Ends the exchange once and tells the observers; later calls do nothing.
   *
   * @param exchange the exchange
   * @param status the status sent (0 if none)
   * @param bytesSent bytes of response written
   * @param closeCode the WebSocket close code, or {@code null}
   */
  public void end(Exchange exchange, int status, long bytesSent, Short closeCode) {
    if (exchange.end(status, bytesSent, closeCode)) {
      tell("end", exchange, (observer, e) -> observer.ended(e));
    }
  }

  private void tell(String event, Exchange exchange, BiConsumer<ExchangeObserver, Exchange> call) {
    for (ExchangeObserver observer : observers) {
      try {
        call.accept(observer, exchange);
      } catch (RuntimeException e) {
        LOG.debug("gateway observer {} failed at {} dispatch={}", observer.getClass().getSimpleName(), event,
          exchange.dispatch() == null ? "-" : exchange.dispatch().label(), e);
      }
    }
  }
}
