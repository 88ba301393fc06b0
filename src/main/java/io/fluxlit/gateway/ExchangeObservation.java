package io.fluxlit.gateway;

import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.exchange.RoutedPath;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The router step that tells the observers (access log, metrics, tracing) a request started and
 * arranges that they hear its end, before the sign-in gate, so that its refusals are logged and
 * counted like any answer. The scrape and the debug snapshot are never observed.
 */
final class ExchangeObservation {

  /** Completes when an observed request's response ended or its connection closed. */
  static final Exchange.Key<Promise<Void>> FINISHED = Exchange.Key.named("response finished");

  private final ExchangeObservers observers;
  private final LocalEndpoints localEndpoints;

  ExchangeObservation(ExchangeObservers observers, LocalEndpoints localEndpoints) {
    this.observers = observers;
    this.localEndpoints = localEndpoints;
  }

  void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.current();
    HttpServerRequest request = ctx.request();
    RoutedPath route = exchange.route();
    if (route.dispatch() == Dispatch.STREAMLIT && localEndpoints.isUnobserved(request.method(), route.dispatchPath())) {
      ctx.next();
      return;
    }
    HttpServerResponse response = request.response();
    observers.started(exchange);
    Promise<Void> finished = Promise.promise();
    exchange.attach(FINISHED, finished);
    response.endHandler(v -> {
      observers.end(exchange, response.getStatusCode(), response.bytesWritten(), null);
      finished.tryComplete();
    });
    response.closeHandler(v -> {
      observers.end(exchange, response.headWritten() ? response.getStatusCode() : 0, response.bytesWritten(), null);
      finished.tryComplete();
    });
    ctx.next();
  }
}
