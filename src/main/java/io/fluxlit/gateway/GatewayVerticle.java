package io.fluxlit.gateway;

import io.fluxlit.config.EdgeSettings;
import io.fluxlit.config.Settings;
import io.fluxlit.logging.RequestId;
import io.fluxlit.logging.RequestIdPolicy;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public HTTP server. Deployed once per event loop; all instances share the port.
 *
 * <p>Per request, on a Vert.x Web router: resolve the request ID and bind it to the request's
 * context, echo it on the response, normalise the path; write the security headers; on the API,
 * CORS; then dispatch: under the API mount to the API verticle over the event bus; the docs
 * shortcuts to a 307; everything else, WebSocket upgrades included, to Streamlit (HTTP through
 * the concurrency limit when one is set). Connections get the request-head and idle clocks.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");
  /** Routing-context key of the request's {@link RoutedPath}. */
  private static final String ROUTE = "fluxlit.route";

  private DispatchRules rules;
  private DocsRedirect docsRedirect;
  private ApiForwarder api;
  private StreamlitHttpProxy httpProxy;
  private StreamlitWebSocketRelay webSocketRelay;
  private LocalEndpoints localEndpoints;
  private ExchangeObservers observers;
  private SecurityHeaders securityHeaders;
  private UpstreamConcurrencyLimit upstreamLimit;
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
    EdgeSettings edge = settings.edge();
    ForwardedHeaders forwarded = new ForwardedHeaders(settings.trustProxy(), settings.trustedProxies(), settings.rootPath());
    securityHeaders = new SecurityHeaders(edge, forwarded);
    upstreamLimit = UpstreamConcurrencyLimit.shared(vertx, edge);
    if (upstream != null) {
      httpProxy = StreamlitHttpProxy.create(vertx, upstream, settings, rules, forwarded, securityHeaders);
      webSocketRelay = new StreamlitWebSocketRelay(vertx, upstream, settings, forwarded);
    }
    ConnectionDeadlines deadlines = new ConnectionDeadlines(edge.requestHeaderTimeoutMs(), edge.idleTimeoutMs(),
      securityHeaders.fixed());
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.gatewayHost())
        .setPort(settings.gatewayPort())
        .setTcpNoDelay(true)
        // No h2c: browsers never use it, it would be one more way to smuggle a request past the
        // checks here, and its detection would delay the connection clocks.
        .setHttp2ClearTextEnabled(false)
        .setMaxWebSocketFrameSize(settings.wsMaxMessageBytes())
        .setMaxWebSocketMessageSize(settings.wsMaxMessageBytes()))
      .invalidRequestHandler(this::invalid)
      .requestHandler(router(ApiCors.of(edge)));
    if (deadlines.enabled()) {
      server.connectionHandler(deadlines::install);
    }
    return server.listen();
  }

  /** The routes every request takes, in order; the last one dispatches. */
  private Router router(ApiCors cors) {
    Router router = Router.router(vertx);
    router.route().handler(this::begin);
    securityHeaders.handlers().forEach(h -> router.route().handler(h));
    router.route().handler(new RequestFraming());
    if (cors != null) {
      router.route().handler(ctx -> {
        if (ctx.<RoutedPath>get(ROUTE).dispatch() == Dispatch.API) {
          cors.handle(ctx);
        } else {
          ctx.next();
        }
      });
    }
    router.route().handler(ctx -> handle(ctx.request(), ctx.get(ROUTE)));
    router.route().failureHandler(this::failed);
    return router;
  }

  /**
   * Requests Vert.x cannot parse (line too long: 414, headers too large: 431, else 400: e.g.
   * Content-Length with Transfer-Encoding, two Content-Lengths), answered as Vert.x's default
   * handler does, with the request ID and a body naming it; the connection is closed.
   */
  private void invalid(HttpServerRequest request) {
    String requestId = RequestIdPolicy.generate();
    RequestId.bindCurrent(requestId);
    request.response().putHeader(RequestId.HEADER, requestId);
    securityHeaders.writeTo(request);
    Throwable cause = request.decoderResult().cause();
    HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
      : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
      : HttpResponseStatus.BAD_REQUEST;
    request.response().setStatusCode(status.code())
      .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
      .end(GatewayResponses.body(status.reasonPhrase(), requestId))
      .onComplete(v -> request.connection().close());
  }

  private void begin(RoutingContext ctx) {
    // Every request runs on its own duplicated context: the ID bound here is this request's only.
    String requestId = RequestIdPolicy.resolve(ctx.request().getHeader(RequestId.HEADER));
    RequestId.bindCurrent(requestId);
    ctx.response().putHeader(RequestId.HEADER, requestId);
    ctx.put(ROUTE, rules.route(ctx.request().path()));
    ctx.next();
  }

  /**
   * What the router refused (no Host: 400) or a handler threw: the status and the request ID,
   * never a stack trace to the client.
   */
  private void failed(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    String requestId = response.headers().get(RequestId.HEADER);
    if (requestId == null) {
      requestId = RequestIdPolicy.resolve(ctx.request().getHeader(RequestId.HEADER));
      RequestId.bindCurrent(requestId);
      response.putHeader(RequestId.HEADER, requestId);
      securityHeaders.writeTo(ctx.request());
    }
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    if (status >= 500) {
      LOG.error("gateway failed request_id={}", requestId, ctx.failure());
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

  private void handle(HttpServerRequest request, RoutedPath route) {
    String requestId = RequestId.current();
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
    Promise<Void> finished = Promise.promise();
    response.endHandler(v -> {
      observers.end(exchange, response.getStatusCode(), response.bytesWritten(), null);
      finished.tryComplete();
    });
    response.closeHandler(v -> {
      observers.end(exchange, response.headWritten() ? response.getStatusCode() : 0, response.bytesWritten(), null);
      finished.tryComplete();
    });
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
    } else if (upstreamLimit == null) {
      httpProxy.handle(request);
    } else {
      upstreamLimit.run(request, requestId, finished.future(), () -> httpProxy.handle(request));
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
