package io.fluxlit.gateway;

import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.exchange.RoutedPath;
import io.fluxlit.gateway.edge.SecurityHeaders;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.logging.RequestId;
import io.fluxlit.logging.RequestIdPolicy;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every request: resolves its ID, builds its one {@link Exchange}, binds it to the
 * request's duplicated context and tells the observers (access log, metrics, tracing) from the
 * moment it arrives, so that what answers before the dispatch (the CORS preflight, the framing
 * rule's 501, the router's 400, a request Vert.x cannot parse) is logged and counted like
 * everything else (docs/observability.md). Only the scrape and the debug snapshot are not observed.
 */
final class Reception {

  /**
   * Completes when the request's response has ended or its connection closed; attached to every
   * observed exchange (the concurrency limit frees its slot on it).
   */
  static final Exchange.Key<Future<Void>> FINISHED = Exchange.Key.named("response finished");

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final DispatchRules rules;
  private final LocalEndpoints localEndpoints;
  private final ExchangeObservers observers;
  private final SecurityHeaders securityHeaders;

  Reception(DispatchRules rules, LocalEndpoints localEndpoints, ExchangeObservers observers,
            SecurityHeaders securityHeaders) {
    this.rules = rules;
    this.localEndpoints = localEndpoints;
    this.observers = observers;
    this.securityHeaders = securityHeaders;
  }

  /**
   * The router's first step: the request's exchange, bound and observed before any other step
   * can answer; the ID goes on the response at once.
   */
  void begin(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Exchange exchange = receive(request, RequestIdPolicy.resolve(request.getHeader(RequestId.HEADER)));
    RoutedPath route = exchange.route();
    if (route.dispatch() != Dispatch.STREAMLIT || !localEndpoints.isUnobserved(request.method(), route.dispatchPath())) {
      observe(request.response(), exchange);
    }
    ctx.next();
  }

  /**
   * Requests Vert.x cannot parse (line too long: 414, headers too large: 431, else 400: e.g.
   * Content-Length with Transfer-Encoding, two Content-Lengths), answered as Vert.x's default
   * handler does, with the request ID and a body naming it; the connection is closed. Their
   * method and path are what the decoder read (Netty's placeholder {@code GET /bad-request} when
   * it could not read the request line).
   */
  void invalid(HttpServerRequest request) {
    Exchange exchange = receive(request, RequestIdPolicy.generate());
    observe(request.response(), exchange);
    securityHeaders.writeTo(request);
    Throwable cause = request.decoderResult().cause();
    HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
      : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
      : HttpResponseStatus.BAD_REQUEST;
    request.response().setStatusCode(status.code())
      .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
      .end(GatewayResponses.body(status.reasonPhrase(), exchange.requestId()))
      .onComplete(v -> request.connection().close());
  }

  /**
   * What the router refused before the first step (no Host: 400) or a handler threw: the status
   * and the request ID, never a stack trace to the client.
   */
  void failed(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    String requestId = response.headers().get(RequestId.HEADER);
    if (requestId == null) { // refused before begin()
      Exchange exchange = receive(ctx.request(), RequestIdPolicy.resolve(ctx.request().getHeader(RequestId.HEADER)));
      requestId = exchange.requestId();
      observe(response, exchange);
      securityHeaders.writeTo(ctx.request());
    }
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    if (status >= 500) {
      LOG.error("gateway failed", ctx.failure());
    }
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(status)
      .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
      .end(GatewayResponses.body(HttpResponseStatus.valueOf(status).reasonPhrase(), requestId));
  }

  private Exchange receive(HttpServerRequest request, String requestId) {
    RoutedPath route = rules.route(request.path());
    boolean webSocket = route.dispatch() == Dispatch.STREAMLIT && request.canUpgradeToWebSocket();
    Exchange exchange = new Exchange(requestId, route, webSocket ? Exchange.WEBSOCKET : request.method().name(),
      request.path(), request.query(), System.nanoTime()).bindTo(Vertx.currentContext());
    request.response().putHeader(RequestId.HEADER, requestId);
    return exchange;
  }

  /** Tells the observers the exchange started, and ends it when its response ends or its connection closes. */
  private void observe(HttpServerResponse response, Exchange exchange) {
    observers.started(exchange);
    Promise<Void> finished = Promise.promise();
    exchange.attach(FINISHED, finished.future());
    response.endHandler(v -> {
      observers.responseEnded(exchange, response.getStatusCode(), response.bytesWritten());
      finished.tryComplete();
    });
    response.closeHandler(v -> {
      observers.responseEnded(exchange, response.headWritten() ? response.getStatusCode() : 0, response.bytesWritten());
      finished.tryComplete();
    });
  }
}
