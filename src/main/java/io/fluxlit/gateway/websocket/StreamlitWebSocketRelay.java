package io.fluxlit.gateway.websocket;

import io.fluxlit.config.WebSocketSettings;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.exchange.UpstreamFailure;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.gateway.upstream.HopByHopHeaders;
import io.fluxlit.gateway.upstream.Upstream;
import io.fluxlit.gateway.upstream.UpstreamErrorMapper;
import io.fluxlit.logging.RequestId;
import io.fluxlit.tracing.TraceHook;
import io.fluxlit.tracing.UpstreamSpans;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
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
 * close codes and reasons travel both ways, and a slow reader pauses the other side.
 */
public final class StreamlitWebSocketRelay {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final Vertx vertx;
  private final ForwardedHeaders forwarded;
  private final WebSocketClient client;
  private final long openTimeoutMs;
  private final long pingIntervalMs;
  private final ExchangeObservers observers;
  /** Open browser sockets of this gateway instance (touched on its event loop only). */
  private final Set<ServerWebSocket> open = new HashSet<>();

  /**
   * @param vertx the gateway verticle's Vert.x
   * @param settings the relay's settings
   * @param connectTimeoutMs the upstream connect timeout (the open timeout bounds it too)
   * @param forwarded the forwarding-header writer
   * @param observers told when a session is accepted, fails upstream, and ends
   */
  public StreamlitWebSocketRelay(Vertx vertx, WebSocketSettings settings, long connectTimeoutMs,
                                 ForwardedHeaders forwarded, ExchangeObservers observers) {
    this.vertx = vertx;
    this.forwarded = forwarded;
    this.observers = observers;
    this.openTimeoutMs = settings.openTimeoutMs();
    this.pingIntervalMs = settings.pingIntervalMs();
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, Math.min(connectTimeoutMs, settings.openTimeoutMs())))
      .setTcpNoDelay(true)
      .setMaxFrameSize(settings.maxMessageBytes())
      .setMaxMessageSize(settings.maxMessageBytes())
      .setMaxConnections(Integer.MAX_VALUE));
  }

  /**
   * Connects upstream, then accepts the browser and relays until either side closes.
   *
   * @param request the browser's upgrade request, dispatched to Streamlit
   * @param exchange its exchange; the observers are told when the accepted session ends
   * @param upstream the Streamlit worker chosen for it
   */
  public void handle(HttpServerRequest request, Exchange exchange, Upstream upstream) {
    String requestId = exchange.requestId();
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
      .setSubProtocols(offered.isEmpty() ? null : offered);
    TraceHook.Span span = UpstreamSpans.startWebSocket(exchange, upstream, uri);
    Future<WebSocket> connecting = client.connect(options);
    connecting.timeout(openTimeoutMs, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.failed()) {
        // A handshake that completes after the open timeout must not linger.
        connecting.onSuccess(late -> late.close((short) 1001));
        UpstreamSpans.fail(span, ar.cause());
        reject(request, upstream, ar.cause(), exchange);
        return;
      }
      WebSocket upstreamSocket = ar.result();
      String selected = upstreamSocket.subProtocol();
      if (selected != null && offered.contains(selected)) {
        // Headers set before toWebSocket() go into the 101 (X-Request-ID is already there).
        request.response().putHeader("sec-websocket-protocol", selected);
      }
      request.toWebSocket().onComplete(accepted -> {
        if (accepted.failed()) {
          LOG.warn("gateway websocket: the browser handshake failed: {}", accepted.cause().toString());
          upstreamSocket.close((short) 1001, "client handshake failed");
          UpstreamSpans.fail(span, accepted.cause());
          return;
        }
        observers.upgraded(exchange);
        relay(accepted.result(), upstreamSocket, exchange, span);
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
   * Closes every relayed session with 1001 (going away), so a stopping gateway does not wait on
   * browsers that read nothing.
   *
   * @return completes when the close frames are written
   */
  public Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    for (ServerWebSocket browser : List.copyOf(open)) {
      closing.add(browser.close((short) 1001, "FluxLit is shutting down"));
    }
    return Future.join(closing).mapEmpty();
  }

  private void relay(ServerWebSocket browser, WebSocket streamlit, Exchange exchange, TraceHook.Span span) {
    open.add(browser);
    long pingTimer = pingIntervalMs > 0
      ? vertx.setPeriodic(pingIntervalMs, id -> {
        browser.writePing(Buffer.buffer());
        streamlit.writePing(Buffer.buffer());
      })
      : -1;
    pump(browser, streamlit);
    pump(streamlit, browser);
    browser.exceptionHandler(err -> LOG.debug("browser websocket error: {}", err.toString()));
    streamlit.exceptionHandler(err -> LOG.debug("upstream websocket error: {}", err.toString()));
    browser.closeHandler(v -> {
      open.remove(browser);
      vertx.cancelTimer(pingTimer);
      UpstreamSpans.endWebSocket(span, browser.closeStatusCode(), UpstreamSpans.CLOSED_BY_CLIENT);
      propagateClose(browser, streamlit, (short) 1001);
      observers.end(exchange, 101, 0, browser.closeStatusCode());
    });
    streamlit.closeHandler(v -> {
      vertx.cancelTimer(pingTimer);
      UpstreamSpans.endWebSocket(span, streamlit.closeStatusCode(), UpstreamSpans.CLOSED_BY_UPSTREAM);
      propagateClose(streamlit, browser, (short) 1011);
    });
  }

  /** Forwards data frames as they are; when the target's queue is full, pauses the source. */
  private static void pump(WebSocketBase from, WebSocketBase to) {
    from.frameHandler(frame -> {
      // A frame may still arrive after the other side closed: it has nowhere to go.
      if ((frame.isText() || frame.isBinary() || frame.isContinuation()) && !to.isClosed()) {
        to.writeFrame(frame);
        if (to.writeQueueFull()) {
          from.pause();
          to.drainHandler(v -> from.resume());
        }
      }
    });
  }

  private static void propagateClose(WebSocketBase closed, WebSocketBase other, short abruptCode) {
    if (other.isClosed()) {
      return;
    }
    Short code = closed.closeStatusCode();
    String reason = closed.closeReason();
    other.close(CloseCodes.forward(code, abruptCode), reason);
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
