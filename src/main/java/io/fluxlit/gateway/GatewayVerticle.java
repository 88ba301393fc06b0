package io.fluxlit.gateway;

import io.fluxlit.config.EdgeSettings;
import io.fluxlit.config.Settings;
import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObserver;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.exchange.RoutedPath;
import io.fluxlit.gateway.api.ApiForwarder;
import io.fluxlit.gateway.edge.ApiCors;
import io.fluxlit.gateway.edge.ConnectionDeadlines;
import io.fluxlit.gateway.edge.RequestFraming;
import io.fluxlit.gateway.edge.SecurityHeaders;
import io.fluxlit.gateway.edge.UpstreamConcurrencyLimit;
import io.fluxlit.gateway.http.StreamlitHttpProxy;
import io.fluxlit.gateway.http.assets.CompressionRules;
import io.fluxlit.gateway.signin.SignInGate;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.gateway.websocket.StreamlitWebSocketRelay;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerSelection;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The public HTTP server. Deployed once per event loop; all instances share the port.
 *
 * <p>Per request: {@link Reception} resolves the request ID, binds the request's one
 * {@link Exchange} (ID, dispatch decision, start time) to its duplicated context, echoes the ID on
 * the response and tells the observers; the last step hands it to one hop: under the API mount
 * the event bus ({@code gateway.api}); the gateway's own endpoints (scrape, debug snapshot, docs
 * redirects) the {@link LocalEndpoints} router; everything else Streamlit, over HTTP
 * ({@code gateway.http}) or WebSocket ({@code gateway.websocket}).
 *
 * <p>Before that, on a Vert.x Web router, the client-facing protections ({@code gateway.edge}, docs/security.md):
 * the security headers, the framing rule, CORS on the API; Streamlit's HTTP goes through the concurrency limit
 * when one is set; connections get the request-head and idle clocks; responses may be compressed.
 */
public final class GatewayVerticle extends VerticleBase {

  private final Settings settings;
  private final WorkerPool pool;
  private final SharedState shared;
  private final Supplier<List<ExchangeObserver>> observerFactory;
  private DispatchRules rules;
  private WorkerSelection selection;
  private ApiForwarder api;
  private StreamlitHttpProxy httpProxy;
  private StreamlitWebSocketRelay webSocketRelay;
  private LocalEndpoints localEndpoints;
  private ExchangeObservers observers;
  private SecurityHeaders securityHeaders;
  private UpstreamConcurrencyLimit upstreamLimit;
  private Reception reception;
  private WorkerStartWait startWait;
  private SignInGate gate;
  private HttpServer server;

  /**
   * @param settings the resolved settings
   * @param pool the Streamlit workers (not {@link WorkerPool#configured()}: only the API is served)
   * @param shared what the instances on this port share (the same object for each)
   * @param observerFactory the observers (access log, metrics, tracing) of one instance, built on its start
   */
  public GatewayVerticle(Settings settings, WorkerPool pool, SharedState shared,
                         Supplier<List<ExchangeObserver>> observerFactory) {
    this.settings = settings;
    this.pool = pool;
    this.shared = shared;
    this.observerFactory = observerFactory;
  }

  @Override
  public Future<?> start() {
    rules = new DispatchRules(settings.api().mount(), settings.gateway().rootPath());
    api = new ApiForwarder(vertx, settings.api().timeoutMs(), settings.api().maxBodyBytes());
    localEndpoints = new LocalEndpoints(vertx, settings, rules, pool, shared.debugRing());
    List<ExchangeObserver> observing = new ArrayList<>(observerFactory.get());
    observing.addAll(localEndpoints.debugObservers());
    observers = new ExchangeObservers(observing);
    EdgeSettings edge = settings.edge();
    ForwardedHeaders forwarded = new ForwardedHeaders(settings.gateway().trustProxy(),
      settings.gateway().trustedProxies(), settings.gateway().rootPath());
    securityHeaders = new SecurityHeaders(edge, forwarded);
    upstreamLimit = shared.upstreamLimit();
    startWait = new WorkerStartWait(vertx, pool, WorkerStartWait.HOLD_MS);
    reception = new Reception(rules, localEndpoints, observers, securityHeaders);
    gate = SignInGate.of(vertx, settings, localEndpoints.scrapePath(), forwarded, shared.signIn());
    if (pool.configured()) {
      selection = new WorkerSelection(pool, settings.gateway().rootPath(), shared.rePins());
      httpProxy = new StreamlitHttpProxy(vertx, this::upstreamOf, settings.upstream(), forwarded, observers,
        securityHeaders, settings.assets(), shared.assetCache(), settings.gateway().rootPath());
      webSocketRelay = new StreamlitWebSocketRelay(vertx, settings.webSocket(),
        settings.upstream().connectTimeoutMs(), forwarded, observers,
        settings.gateway().host() + ":" + settings.gateway().port(), shared.webSocketSlots(), shared.webSocketRefusals());
    }
    ConnectionDeadlines deadlines = new ConnectionDeadlines(edge.requestHeaderTimeoutMs(), edge.idleTimeoutMs(),
      securityHeaders.fixed());
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.gateway().host())
        .setPort(settings.gateway().port())
        .setTcpNoDelay(true)
        // No h2c: browsers never use it, it would be one more way to smuggle a request past the
        // checks here, and its detection would delay the connection clocks.
        .setHttp2ClearTextEnabled(false)
        .setMaxWebSocketFrameSize(settings.webSocket().maxMessageBytes())
        .setMaxWebSocketMessageSize(settings.webSocket().maxMessageBytes())
        .setWebSocketClosingTimeout(settings.webSocket().closingTimeoutSeconds())
        // Streamlit answers no compression offer; accepting the browser's makes the gateway deflate
        // every message it relays, a trade of CPU for bytes (docs/performance.md#websocket-compression).
        .setPerMessageWebSocketCompressionSupported(settings.webSocket().compression())
        .setPerFrameWebSocketCompressionSupported(settings.webSocket().compression())
        .setWebSocketCompressionLevel(settings.webSocket().compressionLevel())
        // Every connection is used only from its own event loop, so Vert.x can skip its outbound
        // message queue: 4 KiB less per connection and fewer checks per write (docs/performance.md).
        .setStrictThreadMode(true)
        .setCompression(CompressionRules.server(settings.assets())))
      .invalidRequestHandler(reception::invalid)
      .requestHandler(router(ApiCors.of(edge)));
    if (deadlines.enabled()) {
      server.connectionHandler(deadlines::install);
    }
    return server.listen();
  }

  /** The routes every request takes, in order (observation before the sign-in gate); the last one dispatches. */
  private Router router(ApiCors cors) {
    Router router = Router.router(vertx);
    router.route().handler(reception::begin);
    securityHeaders.handlers().forEach(h -> router.route().handler(h));
    router.route().handler(new RequestFraming());
    CompressionRules.of(settings.assets()).ifPresent(rules -> router.route().handler(rules));
    if (cors != null) {
      router.route().handler(ctx -> {
        if (Exchange.current().dispatch() == Dispatch.API) {
          cors.handle(ctx);
        } else {
          ctx.next();
        }
      });
    }
    gate.handlers().forEach(h -> router.route().handler(h));
    router.route().handler(ctx -> handle(ctx.request(), Exchange.current()));
    router.route().failureHandler(reception::failed);
    return router;
  }

  private void handle(HttpServerRequest request, Exchange exchange) {
    // Every request runs on its own duplicated context: the exchange bound by Reception.begin() is this request's only.
    HttpServerResponse response = request.response();
    String requestId = exchange.requestId();
    RoutedPath route = exchange.route();
    boolean streamlit = route.dispatch() == Dispatch.STREAMLIT;
    localEndpoints.recordDispatch(requestId, route, request.path(), rules.rootPath());
    if (exchange.get(Reception.FINISHED) == null) { // the scrape or the debug snapshot: not observed
      localEndpoints.handle(request);
      return;
    }
    if (!streamlit) {
      api.handle(request, exchange);
    } else if (localEndpoints.isRedirect(request.method(), route.dispatchPath())) {
      localEndpoints.handle(request);
    } else if (httpProxy == null) {
      response.setStatusCode(502)
        .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
        .end(GatewayResponses.body(GatewayResponses.UPSTREAM_MISSING, requestId));
    } else if (startWait.applies()) {
      startWait.hold(request, exchange, () -> toWorker(request, exchange));
    } else {
      toWorker(request, exchange);
    }
  }

  /** Streamlit-bound, with the pool configured: to the chosen worker, over WebSocket or HTTP. */
  private void toWorker(HttpServerRequest request, Exchange exchange) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    Worker worker = selection.choose(request);
    if (worker == null) {
      response.setStatusCode(502)
        .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
        .end(GatewayResponses.body(GatewayResponses.NO_WORKER, exchange.requestId()));
      return;
    }
    worker.chosenFor(exchange);
    if (exchange.isWebSocket()) {
      webSocketRelay.handle(request, exchange, worker.upstream());
    } else if (upstreamLimit == null) {
      httpProxy.handle(request);
    } else {
      upstreamLimit.run(request, exchange, observers, exchange.get(Reception.FINISHED), () -> httpProxy.handle(request));
    }
  }

  /** The upstream of the worker chosen for an exchange, or {@code null} when it left the pool since. */
  private Upstream upstreamOf(Exchange exchange) {
    Worker worker = exchange.get(Worker.CHOSEN);
    return worker == null || !pool.holds(worker) ? null : worker.upstream();
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
    Future<Void> sockets = webSocketRelay == null ? Future.succeededFuture() : webSocketRelay.closeAll(grace.toMillis())
      // A browser that reads nothing never completes the close handshake: the grace bounds it too.
      .timeout(grace.toMillis() + 1000, TimeUnit.MILLISECONDS)
      .otherwiseEmpty();
    Future<Void> drained = server.shutdown(grace);
    return Future.join(sockets, drained).onComplete(done -> gate.close());
  }
}
