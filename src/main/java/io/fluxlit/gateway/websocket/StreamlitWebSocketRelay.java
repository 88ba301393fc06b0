package io.fluxlit.gateway.websocket;

import io.fluxlit.config.WebSocketSettings;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.exchange.UpstreamFailure;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.gateway.upstream.HopByHopHeaders;
import io.fluxlit.gateway.upstream.UpstreamErrorMapper;
import io.fluxlit.logging.RepeatedLines;
import io.fluxlit.logging.RequestId;
import io.fluxlit.tracing.TraceHook;
import io.fluxlit.tracing.UpstreamSpans;
import io.fluxlit.upstream.Upstream;
import io.fluxlit.vertx.VertxInternals;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Relays a browser WebSocket to Streamlit (docs/architecture.md#the-websocket-hop).
 *
 * <p>Written on Vert.x core's WebSocket server and client instead of vertx-http-proxy's upgrade
 * tunnel, because in 5.1.6 the tunnel splices raw sockets with no back-pressure, no close codes,
 * and accepts nothing about the handshake. Here the upstream handshake completes first (so a
 * dead upstream answers the upgrade with 502/504, not a bogus 101), the subprotocol the upstream
 * selected is echoed only if the browser offered it, frames keep their type and fragmentation,
 * close codes and reasons travel both ways, and a slow reader pauses the other side. The origin
 * and session-count checks are {@link WebSocketGate}'s; one session's frames, liveness and close
 * are {@link RelayedWebSocket}'s.
 */
public final class StreamlitWebSocketRelay {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final Vertx vertx;
  private final ForwardedHeaders forwarded;
  private final WebSocketClient client;
  private final long openTimeoutMs;
  private final RelayedWebSocket.RelayOptions sessionOptions;
  private final WebSocketGate gate;
  private final ExchangeObservers observers;
  /** Sessions of this gateway instance with an accepted browser (touched on its event loop only). */
  private final Set<RelayedWebSocket> open = new HashSet<>();

  /**
   * @param vertx the gateway verticle's Vert.x
   * @param settings the relay's settings
   * @param connectTimeoutMs the upstream connect timeout (the open timeout bounds it too)
   * @param forwarded the forwarding-header writer
   * @param observers told when a session is accepted, fails upstream, and ends
   * @param listenAddress the gateway's host:port (its own origin)
   * @param slots the sessions open on the port, counted across its gateway instances
   * @param refusals which refused upgrades are logged at WARN, shared by the port's gateway instances
   */
  public StreamlitWebSocketRelay(Vertx vertx, WebSocketSettings settings, long connectTimeoutMs,
                                 ForwardedHeaders forwarded, ExchangeObservers observers, String listenAddress,
                                 WebSocketSlots slots, RepeatedLines refusals) {
    this.vertx = vertx;
    this.forwarded = forwarded;
    this.observers = observers;
    this.openTimeoutMs = settings.openTimeoutMs();
    this.sessionOptions = new RelayedWebSocket.RelayOptions(settings.maxMessageBytes(), settings.pingIntervalMs(),
      settings.pingTimeoutMs(), settings.closeTimeoutMs());
    this.gate = new WebSocketGate(settings, new OriginPolicy(settings.allowedOrigins(), forwarded, listenAddress),
      slots, refusals);
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, Math.min(connectTimeoutMs, settings.openTimeoutMs())))
      .setTcpNoDelay(true)
      .setMaxFrameSize(settings.maxMessageBytes())
      .setMaxMessageSize(settings.maxMessageBytes())
      .setClosingTimeout(settings.closingTimeoutSeconds())
      .setMaxConnections(Integer.MAX_VALUE));
  }

  /**
   * Checks the upgrade ({@link WebSocketGate}), connects upstream, then accepts the browser and
   * relays until both sides are closed.
   *
   * @param request the browser's upgrade request, dispatched to Streamlit
   * @param exchange its exchange; the observers are told when the accepted session ends
   * @param upstream the Streamlit worker chosen for it
   */
  public void handle(HttpServerRequest request, Exchange exchange, Upstream upstream) {
    String requestId = exchange.requestId();
    Runnable slot = gate.admit(request, requestId);
    if (slot == null) {
      return;
    }
    // The handshake must not complete (end) before toWebSocket() is called later.
    request.pause();
    List<String> offered = offeredSubprotocols(request);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    HopByHopHeaders.strip(headers, true);
    String publicHost = ForwardedHeaders.publicHost(request, upstream.authority());
    forwarded.write(headers, request, publicHost);
    headers.set("host", publicHost);
    headers.set(RequestId.HEADER, requestId);
    String query = request.query();
    String uri = upstream.basePath() + exchange.route().streamlitPath() + (query == null ? "" : "?" + query);

    WebSocketConnectOptions options = new WebSocketConnectOptions()
      .setServer(SocketAddress.inetSocketAddress(upstream.port(), upstream.host()))
      .setHost(upstream.host())
      .setPort(upstream.port())
      .setSsl(upstream.ssl())
      .setURI(uri)
      .setHeaders(headers)
      // The browser's Origin passes as it came; with none (a non-browser client) none is invented,
      // or a Streamlit with CORS on would refuse the upstream's own address (docs/architecture.md#the-websocket-hop).
      // (Vert.x sends no Origin at all when this is off, so it is on only when the browser sent one.)
      .setAllowOriginHeader(headers.contains("origin"))
      .setSubProtocols(offered.isEmpty() ? null : offered);
    TraceHook.Span span = UpstreamSpans.startWebSocket(exchange, upstream, uri);
    Future<WebSocket> connecting = client.connect(options);
    connecting.timeout(openTimeoutMs, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.failed()) {
        // A handshake that completes after the open timeout must not linger.
        connecting.onSuccess(late -> late.close((short) 1001));
        UpstreamSpans.fail(span, ar.cause());
        slot.run();
        reject(request, upstream, ar.cause(), exchange);
        return;
      }
      WebSocket upstreamSocket = ar.result();
      // Paused, handlers installed, before this callback returns: no upstream frame is lost.
      RelayedWebSocket session = new RelayedWebSocket(vertx, upstreamSocket, sessionOptions, span);
      String selected = upstreamSocket.subProtocol();
      if (selected != null && offered.contains(selected)) {
        // Headers set before toWebSocket() go into the 101 (X-Request-ID is already there).
        request.response().putHeader("sec-websocket-protocol", selected);
      }
      // The connection itself, for dropping it: the socket the router hands back hides it.
      ChannelHandlerContext browserChannel = VertxInternals.channel(request.connection());
      request.toWebSocket().onComplete(accepted -> {
        if (accepted.failed()) {
          LOG.warn("gateway websocket: the browser handshake failed: {}", accepted.cause().toString());
          session.abandon("client handshake failed");
          UpstreamSpans.fail(span, accepted.cause());
          slot.run();
          return;
        }
        if (browserChannel != null) {
          // Streamlit's messages of one rerun arrive a few to a read; Vert.x flushes a write to another
          // connection at once, so each would be a send of its own. Netty's handler sends them
          // together, at the end of the event loop's turn (docs/performance.md#the-rerun-profile).
          browserChannel.pipeline().addFirst(new FlushConsolidationHandler(
            FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        }
        observers.upgraded(exchange);
        open.add(session);
        session.attach(accepted.result(), browserChannel, code -> observers.end(exchange, 101, 0, code), () -> {
          open.remove(session);
          slot.run();
        });
      });
    });
  }

  private void reject(HttpServerRequest request, Upstream upstream, Throwable error, Exchange exchange) {
    int status;
    String message;
    if (error instanceof UpgradeRejectedException rejected) {
      status = rejected.getStatus();
      message = "Streamlit refused the WebSocket upgrade with status " + status;
    } else {
      UpstreamFailure failure = UpstreamErrorMapper.classify(error);
      observers.upstreamFailed(exchange, failure);
      status = failure.status();
      message = GatewayResponses.upstreamMessage(failure);
    }
    LOG.warn("gateway websocket upstream failed for {}: {}", upstream.baseUrl(), error.toString());
    request.resume();
    request.response()
      .setStatusCode(status)
      .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
      .end(GatewayResponses.body(message, exchange.requestId()));
  }

  /**
   * Closes every relayed session with 1001 (going away); a session whose close handshake is not
   * over when the grace ends (a browser that reads nothing) is dropped, so that the stop is
   * bounded by {@code FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S}, not by the close timeout.
   *
   * @param graceMs the shutdown grace
   * @return completes when the browsers' sockets are closed
   */
  public Future<Void> closeAll(long graceMs) {
    List<RelayedWebSocket> sessions = List.copyOf(open);
    List<Future<Void>> closing = new ArrayList<>();
    for (RelayedWebSocket session : sessions) {
      closing.add(session.goAway());
    }
    long dropTimer = vertx.setTimer(Math.max(1, graceMs), id -> sessions.forEach(RelayedWebSocket::drop));
    return Future.join(closing).onComplete(ar -> vertx.cancelTimer(dropTimer)).mapEmpty();
  }

  private static List<String> offeredSubprotocols(HttpServerRequest request) {
    List<String> offered = new ArrayList<>();
    for (String header : request.headers().getAll("sec-websocket-protocol")) {
      for (String token : header.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          offered.add(name);
        }
      }
    }
    return offered;
  }
}
