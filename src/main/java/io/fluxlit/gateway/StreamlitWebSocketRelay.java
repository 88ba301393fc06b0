package io.fluxlit.gateway;

import io.fluxlit.config.Settings;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Relays a browser WebSocket to Streamlit (SPEC §4).
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
  /** Open browser sockets of this gateway instance (touched on its event loop only). */
  private final java.util.Set<ServerWebSocket> open = new java.util.HashSet<>();

  /**
   * @param vertx the gateway verticle's Vert.x
   * @param settings gateway settings
   * @param forwarded the forwarding-header writer
   */
  public StreamlitWebSocketRelay(Vertx vertx, Settings settings, ForwardedHeaders forwarded) {
    this.vertx = vertx;
    this.forwarded = forwarded;
    this.openTimeoutMs = settings.webSocket().openTimeoutMs();
    this.pingIntervalMs = settings.webSocket().pingIntervalMs();
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE,
        Math.min(settings.upstream().connectTimeoutMs(), settings.webSocket().openTimeoutMs())))
      .setTcpNoDelay(true)
      .setMaxFrameSize(settings.webSocket().maxMessageBytes())
      .setMaxMessageSize(settings.webSocket().maxMessageBytes())
      .setMaxConnections(Integer.MAX_VALUE));
  }

  /**
   * Connects upstream, then accepts the browser and relays until either side closes.
   *
   * @param request the browser's upgrade request, dispatched to Streamlit
   * @param route its dispatch decision
   * @param requestId the resolved request ID
   * @param upstream the Streamlit worker chosen for it
   * @param onClose told the browser-side close code when an accepted session ends
   */
  public void handle(HttpServerRequest request, RoutedPath route, String requestId, Upstream upstream,
                     java.util.function.Consumer<Short> onClose) {
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
    String uri = upstream.basePath() + route.streamlitPath() + (query == null ? "" : "?" + query);

    WebSocketConnectOptions options = new WebSocketConnectOptions()
      .setServer(SocketAddress.inetSocketAddress(upstream.port(), upstream.host()))
      .setHost(upstream.host())
      .setPort(upstream.port())
      .setSsl(upstream.ssl())
      .setURI(uri)
      .setHeaders(headers)
      .setSubProtocols(offered.isEmpty() ? null : offered);
    TraceHook.Span span = UpstreamSpans.startWebSocket(upstream, uri, requestId);
    Future<WebSocket> connecting = client.connect(options);
    connecting.timeout(openTimeoutMs, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.failed()) {
        // A handshake that completes after the open timeout must not linger.
        connecting.onSuccess(late -> late.close((short) 1001));
        UpstreamSpans.fail(span, ar.cause());
        reject(request, upstream, ar.cause(), requestId);
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
          LOG.warn("gateway websocket: the browser handshake failed request_id={}: {}", requestId, accepted.cause().toString());
          upstreamSocket.close((short) 1001, "client handshake failed");
          UpstreamSpans.fail(span, accepted.cause());
          return;
        }
        ExchangeObservers.upgradedCurrent();
        relay(accepted.result(), upstreamSocket, onClose, span);
      });
    });
  }

  private void reject(HttpServerRequest request, Upstream upstream, Throwable error, String requestId) {
    int status;
    String message;
    if (error instanceof UpgradeRejectedException rejected) {
      status = rejected.getStatus();
      message = "Streamlit refused the WebSocket upgrade with status " + status;
    } else {
      UpstreamFailure failure = UpstreamErrorMapper.classify(error);
      ExchangeObservers.upstreamFailedCurrent(failure);
      status = failure.status();
      message = GatewayResponses.upstreamMessage(failure);
    }
    LOG.warn("gateway websocket upstream failed for {} request_id={}: {}", upstream.baseUrl(), requestId, error.toString());
    request.resume();
    request.response()
      .setStatusCode(status)
      .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
      .end(GatewayResponses.body(message, requestId));
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

  private void relay(ServerWebSocket browser, WebSocket streamlit, java.util.function.Consumer<Short> onClose,
                     TraceHook.Span span) {
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
      onClose.accept(browser.closeStatusCode());
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
      if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
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
