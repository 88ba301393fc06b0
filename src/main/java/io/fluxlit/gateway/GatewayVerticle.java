package io.fluxlit.gateway;

import io.fluxlit.config.Settings;
import io.fluxlit.logging.RequestId;
import io.fluxlit.logging.RequestIdPolicy;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerSelection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The public HTTP server. Deployed once per event loop; all instances share the port.
 *
 * <p>Per request: resolve the request ID and bind it to the request's context, echo it on the
 * response, normalise the path and dispatch it: under the API mount to the API verticle over the
 * event bus; the docs shortcuts to a 307; everything else, WebSocket upgrades included, to
 * Streamlit.
 */
public final class GatewayVerticle extends VerticleBase {

  private final Settings settings;
  private final WorkerPool pool;
  private final boolean streamlitConfigured;
  private DispatchRules rules;
  private WorkerSelection selection;
  private DocsRedirect docsRedirect;
  private ApiForwarder api;
  private StreamlitHttpProxy httpProxy;
  private StreamlitWebSocketRelay webSocketRelay;
  private LocalEndpoints localEndpoints;
  private ExchangeObservers observers;
  private HttpServer server;

  /**
   * @param settings the resolved settings
   * @param pool the Streamlit workers (empty when there are none and no cluster can bring any)
   */
  public GatewayVerticle(Settings settings, WorkerPool pool) {
    this.settings = settings;
    this.pool = pool;
    this.streamlitConfigured = pool.configured();
  }

  @Override
  public Future<?> start() {
    rules = new DispatchRules(settings.api().mount(), settings.gateway().rootPath());
    docsRedirect = new DocsRedirect(rules);
    api = new ApiForwarder(vertx, settings.api().timeoutMs(), settings.api().maxBodyBytes());
    localEndpoints = new LocalEndpoints(vertx, settings, rules, pool);
    List<ExchangeObserver> observed = new ArrayList<>(GatewayObserverFactory.create(vertx, settings, rules));
    observed.add(new WorkerSessions(pool));
    observers = new ExchangeObservers(observed);
    if (streamlitConfigured) {
      ForwardedHeaders forwarded = new ForwardedHeaders(settings.gateway().trustProxy(), settings.gateway().trustedProxies(), settings.gateway().rootPath());
      selection = new WorkerSelection(pool, settings.gateway().rootPath());
      httpProxy = StreamlitHttpProxy.create(vertx, pool, settings, rules, forwarded);
      webSocketRelay = new StreamlitWebSocketRelay(vertx, settings, forwarded);
    }
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.gateway().host())
        .setPort(settings.gateway().port())
        .setTcpNoDelay(true)
        .setMaxWebSocketFrameSize(settings.webSocket().maxMessageBytes())
        .setMaxWebSocketMessageSize(settings.webSocket().maxMessageBytes()))
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
    Worker worker = selection.choose(request);
    if (worker == null) {
      request.response()
        .setStatusCode(502)
        .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
        .end(GatewayResponses.body(GatewayResponses.NO_WORKER, requestId));
      return;
    }
    exchange.worker(worker.name());
    if (webSocket) {
      webSocketRelay.handle(request, route, requestId, worker.upstream(),
        closeCode -> observers.end(exchange, 101, 0, closeCode));
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
    Duration grace = Duration.ofMillis(settings.gateway().gracefulShutdownTimeoutMs());
    Future<Void> sockets = webSocketRelay == null ? Future.succeededFuture() : webSocketRelay.closeAll()
      // A browser that reads nothing never completes the close handshake: the grace bounds it too.
      .timeout(grace.toMillis() + 1000, TimeUnit.MILLISECONDS)
      .otherwiseEmpty();
    Future<Void> drained = server.shutdown(grace);
    return Future.join(sockets, drained);
  }
}
