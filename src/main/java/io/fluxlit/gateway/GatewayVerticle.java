package io.fluxlit.gateway;

import io.fluxlit.config.Settings;
import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObserver;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.exchange.RoutedPath;
import io.fluxlit.gateway.api.ApiForwarder;
import io.fluxlit.gateway.http.StreamlitHttpProxy;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.gateway.upstream.Upstream;
import io.fluxlit.gateway.websocket.StreamlitWebSocketRelay;
import io.fluxlit.logging.RequestId;
import io.fluxlit.logging.RequestIdPolicy;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerSelection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The public HTTP server. Deployed once per event loop; all instances share the port.
 *
 * <p>Per request: resolve the request ID, bind the request's {@link Exchange} (ID, dispatch
 * decision, start time) to its duplicated context and echo the ID on the response, then hand it to
 * one hop: under the API mount the event bus ({@code gateway.api}); the gateway's own endpoints
 * (scrape, debug snapshot, docs redirects) the {@link LocalEndpoints} router; everything else
 * Streamlit, over HTTP ({@code gateway.http}) or WebSocket ({@code gateway.websocket}).
 */
public final class GatewayVerticle extends VerticleBase {

  private final Settings settings;
  private final WorkerPool pool;
  private final Function<Vertx, List<ExchangeObserver>> observerFactory;
  private DispatchRules rules;
  private WorkerSelection selection;
  private ApiForwarder api;
  private StreamlitHttpProxy httpProxy;
  private StreamlitWebSocketRelay webSocketRelay;
  private LocalEndpoints localEndpoints;
  private ExchangeObservers observers;
  private HttpServer server;

  /**
   * @param settings the resolved settings
   * @param pool the Streamlit workers (not {@link WorkerPool#configured()}: only the API is served)
   * @param observerFactory the observers (access log, metrics, tracing) of one instance, built on its start
   */
  public GatewayVerticle(Settings settings, WorkerPool pool, Function<Vertx, List<ExchangeObserver>> observerFactory) {
    this.settings = settings;
    this.pool = pool;
    this.observerFactory = observerFactory;
  }

  @Override
  public Future<?> start() {
    rules = new DispatchRules(settings.api().mount(), settings.gateway().rootPath());
    api = new ApiForwarder(vertx, settings.api().timeoutMs(), settings.api().maxBodyBytes());
    localEndpoints = new LocalEndpoints(vertx, settings, rules, pool);
    observers = new ExchangeObservers(observerFactory.apply(vertx));
    if (pool.configured()) {
      ForwardedHeaders forwarded = new ForwardedHeaders(settings.gateway().trustProxy(),
        settings.gateway().trustedProxies(), settings.gateway().rootPath());
      selection = new WorkerSelection(pool, settings.gateway().rootPath());
      httpProxy = new StreamlitHttpProxy(vertx, this::upstreamOf, settings.upstream(), forwarded, observers);
      webSocketRelay = new StreamlitWebSocketRelay(vertx, settings.webSocket(),
        settings.upstream().connectTimeoutMs(), forwarded, observers,
        settings.gateway().host() + ":" + settings.gateway().port());
    }
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.gateway().host())
        .setPort(settings.gateway().port())
        .setTcpNoDelay(true)
        .setMaxWebSocketFrameSize(settings.webSocket().maxMessageBytes())
        .setMaxWebSocketMessageSize(settings.webSocket().maxMessageBytes())
        .setWebSocketClosingTimeout(settings.webSocket().closingTimeoutSeconds()))
      .invalidRequestHandler(GatewayVerticle::invalid)
      .requestHandler(this::handle);
    return server.listen();
  }

  /** Requests Vert.x cannot parse (line too long: 414, headers too large: 431, else 400). */
  private static void invalid(HttpServerRequest request) {
    String requestId = RequestIdPolicy.generate();
    Exchange.ofId(requestId).bindTo(Vertx.currentContext());
    request.response().putHeader(RequestId.HEADER, requestId);
    HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
  }

  private void handle(HttpServerRequest request) {
    // Every request runs on its own duplicated context: the exchange bound here is this request's only.
    String requestId = RequestIdPolicy.resolve(request.getHeader(RequestId.HEADER));
    HttpServerResponse response = request.response();
    response.putHeader(RequestId.HEADER, requestId);
    RoutedPath route = rules.route(request.path());
    boolean streamlit = route.dispatch() == Dispatch.STREAMLIT;
    boolean webSocket = streamlit && request.canUpgradeToWebSocket();
    Exchange exchange = new Exchange(requestId, route, webSocket ? Exchange.WEBSOCKET : request.method().name(),
      request.path(), request.query(), System.nanoTime()).bindTo(Vertx.currentContext());
    localEndpoints.recordDispatch(requestId, route, request.path(), rules.rootPath());
    if (streamlit && localEndpoints.isUnobserved(request.method(), route.dispatchPath())) {
      localEndpoints.handle(request);
      return;
    }
    observers.started(exchange);
    response.endHandler(v -> observers.end(exchange, response.getStatusCode(), response.bytesWritten(), null));
    response.closeHandler(v -> observers.end(exchange, response.headWritten() ? response.getStatusCode() : 0,
      response.bytesWritten(), null));
    if (!streamlit) {
      api.handle(request, exchange);
    } else if (localEndpoints.isRedirect(request.method(), route.dispatchPath())) {
      localEndpoints.handle(request);
    } else if (httpProxy == null) {
      response.setStatusCode(502)
        .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
        .end(GatewayResponses.body(GatewayResponses.UPSTREAM_MISSING, requestId));
    } else {
      Worker worker = selection.choose(request);
      if (worker == null) {
        response.setStatusCode(502)
          .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
          .end(GatewayResponses.body(GatewayResponses.NO_WORKER, requestId));
      } else if (webSocket) {
        exchange.worker(worker.name());
        webSocketRelay.handle(request, exchange, worker.upstream());
      } else {
        exchange.worker(worker.name());
        httpProxy.handle(request);
      }
    }
  }

  /** The upstream of the worker chosen for an exchange, or {@code null} when it left the pool since. */
  private Upstream upstreamOf(Exchange exchange) {
    Worker worker = pool.byName(exchange.worker());
    return worker == null ? null : worker.upstream();
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
