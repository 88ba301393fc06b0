package io.fluxlit.gateway;

import io.fluxlit.config.Settings;
import io.fluxlit.logging.RequestId;
import io.fluxlit.logging.RequestIdPolicy;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The public HTTP server. Deployed once per event loop; all instances share the port.
 *
 * <p>Per request: resolve the request ID and bind it to the request's context, echo it on the
 * response, normalise the path and dispatch it: under the API mount to the API verticle over the
 * event bus; the docs shortcuts to a 307; everything else, WebSocket upgrades included, to
 * Streamlit.
 */
public final class GatewayVerticle extends VerticleBase {

  private DispatchRules rules;
  private DocsRedirect docsRedirect;
  private ApiForwarder api;
  private StreamlitHttpProxy httpProxy;
  private StreamlitWebSocketRelay webSocketRelay;
  private LocalEndpoints localEndpoints;
  private ExchangeObservers observers;
  private HttpServer server;

  @Override
  public Future<?> start() {
    Settings settings = Settings.fromJson(config());
    rules = new DispatchRules(settings.apiMount(), settings.rootPath());
    docsRedirect = new DocsRedirect(rules);
    api = new ApiForwarder(vertx, settings.apiTimeoutMs(), settings.apiMaxBodyBytes());
    String upstreamUrl = config().getString(Upstream.CONFIG_KEY, "");
    Upstream upstream = Upstream.parse(upstreamUrl);
    localEndpoints = new LocalEndpoints(vertx, settings, rules, upstreamUrl);
    observers = new ExchangeObservers(GatewayObserverFactory.create(vertx, settings, rules));
    if (upstream != null) {
      ForwardedHeaders forwarded = new ForwardedHeaders(settings.trustProxy(), settings.trustedProxies(), settings.rootPath());
      httpProxy = StreamlitHttpProxy.create(vertx, upstream, settings, rules, forwarded);
      webSocketRelay = new StreamlitWebSocketRelay(vertx, upstream, settings, forwarded);
    }
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.gatewayHost())
        .setPort(settings.gatewayPort())
        .setTcpNoDelay(true)
        .setMaxWebSocketFrameSize(settings.wsMaxMessageBytes())
        .setMaxWebSocketMessageSize(settings.wsMaxMessageBytes())
        .setWebSocketClosingTimeout(StreamlitWebSocketRelay.closingTimeoutSeconds(settings.webSocketLimits())))
      .invalidRequestHandler(GatewayVerticle::invalid)
      .requestHandler(this::handle);
    return server.listen();
  }

  /** Requests Vert.x cannot parse (line too long: 414, headers too large: 431, else 400). */
  private static void invalid(HttpServerRequest request) {
    String requestId = RequestIdPolicy.generate();
    RequestId.bindCurrent(requestId);
    request.response().putHeader(RequestId.HEADER, requestId);
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
  }

  private void handle(HttpServerRequest request) {
    // Every request runs on its own duplicated context: the ID bound here is this request's only.
    String requestId = RequestIdPolicy.resolve(request.getHeader(RequestId.HEADER));
    RequestId.bindCurrent(requestId);
    request.response().putHeader(RequestId.HEADER, requestId);

    RoutedPath route = rules.route(request.path());
    localEndpoints.recordDispatch(requestId, route, request.path(), rules.rootPath());
    if (route.dispatch() == Dispatch.STREAMLIT && localEndpoints.handle(request, route)) {
      return;
    }
    boolean webSocket = route.dispatch() == Dispatch.STREAMLIT && request.canUpgradeToWebSocket();
    Exchange exchange = new Exchange(requestId, route.dispatch(), webSocket ? Exchange.WEBSOCKET : request.method().name(),
      request.path(), request.query(), System.nanoTime());
    ExchangeStorage.bindCurrent(exchange);
    observers.started(exchange);
    HttpServerResponse response = request.response();
    response.endHandler(v -> observers.end(exchange, response.getStatusCode(), response.bytesWritten(), null));
    response.closeHandler(v -> observers.end(exchange, response.headWritten() ? response.getStatusCode() : 0,
      response.bytesWritten(), null));
    if (route.dispatch() == Dispatch.API) {
      api.handle(request, route, requestId);
      return;
    }
    String location = docsRedirect.location(request.method(), route.dispatchPath());
    if (location != null) {
      request.response().setStatusCode(307).putHeader("location", location).putHeader("content-length", "0").end();
      return;
    }
    if (httpProxy == null) {
      request.response()
        .setStatusCode(502)
        .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
        .end(GatewayResponses.body(GatewayResponses.UPSTREAM_MISSING, requestId));
      return;
    }
    if (webSocket) {
      webSocketRelay.handle(request, route, requestId, closeCode -> observers.end(exchange, 101, 0, closeCode));
    } else {
      httpProxy.handle(request);
    }
  }

  /**
   * Stops accepting, says goodbye (1001) to open WebSockets, and gives in-flight requests up to
   * {@code FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S} to finish: a client that reads nothing must not
   * hold the stop forever.
   */
  @Override
  public Future<?> stop() {
    // The 1001 frames go out first; the shutdown starts without waiting for the close handshakes,
    // so that the port stops accepting at once, and its grace also bounds those handshakes.
    java.time.Duration grace = shutdownGrace();
    Future<Void> sockets = webSocketRelay == null ? Future.succeededFuture() : webSocketRelay.closeAll()
      // A browser that reads nothing never completes the close handshake: the grace bounds it too.
      .timeout(grace.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS)
      .otherwiseEmpty();
    Future<Void> drained = server.shutdown(grace);
    return Future.join(sockets, drained);
  }

  /** The drain time, read when stopping so that it is the same setting everywhere. */
  private java.time.Duration shutdownGrace() {
    return java.time.Duration.ofMillis(Settings.fromJson(config()).gracefulShutdownTimeoutMs());
  }
}
