package io.fluxlit.gateway.websocket;

import io.fluxlit.tracing.TraceHook;
import io.fluxlit.tracing.UpstreamSpans;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * One relayed WebSocket session: the browser's socket, Streamlit's, a {@link FramePump} each way,
 * their liveness, and how the session ends (docs/architecture.md#the-websocket-hop).
 *
 * <ul>
 *   <li>Both sockets stay paused from the upstream handshake until both pumps are wired, so the
 *       first frames of either side are neither lost nor reordered.</li>
 *   <li>A close frame is forwarded (code and reason) after the data sent before it; a side that
 *       vanished without one closes the other with 1011 (Streamlit gone) or 1001 (browser
 *       gone), after what it had sent is delivered.</li>
 *   <li>A message over the limit closes its sender with 1009; a peer that does not answer a ping
 *       in time is dropped, and the browser gets 1011 when Streamlit went silent; a close
 *       handshake that does not finish in {@code FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S} drops the
 *       TCP connection.</li>
 * </ul>
 *
 * <p>Everything runs on the request's event loop, so no state here needs locking.
 */
final class RelayedWebSocket implements FramePump.Listener {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");
  static final short GOING_AWAY = 1001;
  static final short INTERNAL_ERROR = 1011;
  static final short MESSAGE_TOO_BIG = 1009;

  private final Vertx vertx;
  private final Context context;
  private final RelayOptions options;
  private final WebSocket streamlit;
  private final FramePump fromStreamlit;
  private final TraceHook.Span span;
  private ServerWebSocket browser;
  private FramePump fromBrowser;
  private WebSocketLiveness liveness;
  private Consumer<Short> onBrowserClosed = code -> { };
  private Runnable onEnd = () -> { };
  private final CloseDeadline[] deadlines = new CloseDeadline[2];
  private final boolean[] closing = new boolean[2];
  private final boolean[] closed = new boolean[2];
  private final boolean[] closeSeen = new boolean[2];
  private boolean spanEnded;
  private boolean ended;

  /** The relay's settings, handed to each session. */
  record RelayOptions(int maxMessageBytes, long pingIntervalMs, long pingTimeoutMs, long closeTimeoutMs) {
  }

  /**
   * Takes the upstream socket as its handshake completed: pauses it and installs its handlers
   * at once, before any of its frames can be delivered.
   *
   * @param vertx the gateway's Vert.x
   * @param streamlit the upstream socket, just connected
   * @param options the relay's settings
   * @param span the upstream span, ended when the session starts to close
   */
  RelayedWebSocket(Vertx vertx, WebSocket streamlit, RelayOptions options, TraceHook.Span span) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = options;
    this.streamlit = streamlit;
    this.span = span;
    streamlit.pause();
    fromStreamlit = new FramePump(streamlit, "Streamlit", options.maxMessageBytes(), this);
    deadlines[0] = new CloseDeadline(vertx, streamlit, "Streamlit", options.closeTimeoutMs());
    streamlit.closeHandler(v -> closed(fromStreamlit));
    streamlit.exceptionHandler(err -> failed(fromStreamlit, err));
  }

  /**
   * Wires the accepted browser socket to Streamlit's, then lets frames flow both ways.
   *
   * @param socket the browser's socket, just accepted
   * @param browserClosed told the browser's close code when its socket closes
   * @param end told once when both sockets are closed
   */
  void attach(ServerWebSocket socket, Consumer<Short> browserClosed, Runnable end) {
    this.browser = socket;
    this.onBrowserClosed = browserClosed;
    this.onEnd = end;
    socket.pause();
    fromBrowser = new FramePump(socket, "the browser", options.maxMessageBytes(), this);
    deadlines[1] = new CloseDeadline(vertx, socket, "the browser", options.closeTimeoutMs());
    socket.closeHandler(v -> closed(fromBrowser));
    socket.exceptionHandler(err -> failed(fromBrowser, err));
    fromStreamlit.connect(socket);
    fromBrowser.connect(streamlit);
    if (!closed[index(fromStreamlit)]) {
      liveness = new WebSocketLiveness(vertx, options.pingIntervalMs(), options.pingTimeoutMs(), this::silent,
        socket, streamlit);
      liveness.start();
    }
    socket.resume();
    streamlit.resume();
    if (closed[index(fromStreamlit)]) {
      // Streamlit left before the browser was accepted: deliver what it sent, then end.
      afterQueuedFrames(fromStreamlit);
    }
  }

  /**
   * Gives up on a session whose browser handshake failed.
   *
   * @param reason for the upstream's close frame
   */
  void abandon(String reason) {
    fromStreamlit.stop();
    closeSide(streamlit, GOING_AWAY, reason);
  }

  /**
   * Says goodbye to the browser (the gateway is stopping); its answer closes Streamlit's side.
   *
   * @return completes when the browser's socket is closed
   */
  Future<Void> goAway() {
    if (browser == null || browser.isClosed()) {
      return Future.succeededFuture();
    }
    return closeSide(browser, GOING_AWAY, "FluxLit is shutting down");
  }

  /** The stop's grace is over: both connections go, close handshake finished or not. */
  void drop() {
    CloseDeadline.drop(streamlit);
    if (browser != null) {
      CloseDeadline.drop(browser);
    }
  }

  @Override
  public void closeFrame(FramePump pump, short code, String reason) {
    int side = index(pump);
    closeSeen[side] = true;
    endSpan(pump, code);
    deadlines[side].start(); // Vert.x answered it: the TCP close must follow in time
    WebSocketBase other = other(pump);
    if (other != null) {
      closeSide(other, CloseCodes.forward(code, abruptCode(pump)), reason);
    }
  }

  @Override
  public void tooBig(FramePump pump, long messageBytes) {
    LOG.warn("gateway websocket: {} sent a message of more than {} bytes (FLUXLIT_GATEWAY_WS_MAX_MESSAGE_BYTES):"
      + " closing it with 1009", pump.side(), options.maxMessageBytes());
    closeSeen[index(pump)] = true;
    endSpan(pump, MESSAGE_TOO_BIG);
    closeSide(pump.source(), MESSAGE_TOO_BIG, "message too big");
    WebSocketBase other = other(pump);
    if (other != null) {
      closeSide(other, abruptCode(pump), pump == fromStreamlit ? "Streamlit sent a message too big to relay" : null);
    }
  }

  private void silent(WebSocketBase socket) {
    FramePump pump = socket == streamlit ? fromStreamlit : fromBrowser;
    LOG.warn("gateway websocket: {} did not answer a ping within {} ms (FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S):"
      + " closing the session", pump.side(), options.pingTimeoutMs());
    closeSeen[index(pump)] = true;
    endSpan(pump, null);
    pump.stop();
    closeSide(socket, INTERNAL_ERROR, "ping timeout");
    CloseDeadline.drop(socket); // it does not answer: no close handshake to wait for
    WebSocketBase other = other(pump);
    if (other != null) {
      closeSide(other, abruptCode(pump), pump == fromStreamlit ? "Streamlit stopped answering" : null);
    }
  }

  private void failed(FramePump pump, Throwable error) {
    if (error instanceof CorruptedWebSocketFrameException corrupt && corrupt.closeStatus() != null
      && corrupt.closeStatus().code() == MESSAGE_TOO_BIG && !closing[index(pump)]) {
      // A single frame over the limit: Netty refused it, and Vert.x drops the connection right
      // after this handler, so the 1009 must go out now, written past Vert.x's queue.
      pump.stop();
      closing[index(pump)] = true;
      CloseDeadline.closeNow(pump.source(), MESSAGE_TOO_BIG, "message too big");
      tooBig(pump, -1);
      return;
    }
    LOG.debug("gateway websocket: {} socket error: {}", pump.side(), error.toString());
  }

  /** The socket's TCP connection is gone. */
  private void closed(FramePump pump) {
    int side = index(pump);
    closed[side] = true;
    deadlines[side].closed();
    if (pump == fromBrowser) {
      onBrowserClosed.accept(browser.closeStatusCode());
    }
    if (!closeSeen[side]) {
      afterQueuedFrames(pump);
    }
    if (closed[0] && closed[1] || browser == null && pump == fromStreamlit && closing[side]) {
      end();
    }
  }

  /**
   * The socket closed without its close frame having been relayed: either it vanished, or that
   * frame still waits behind a pause. Lets the queued frames through, then, on the next turn of
   * the event loop (after Vert.x delivered them), closes the other side if nothing else did.
   */
  private void afterQueuedFrames(FramePump pump) {
    WebSocketBase other = other(pump);
    if (other == null) {
      return; // no browser yet: attach() comes back here
    }
    pump.source().resume();
    context.runOnContext(v -> {
      if (!closeSeen[index(pump)]) {
        closeSeen[index(pump)] = true;
        endSpan(pump, pump.source().closeStatusCode());
        closeSide(other, abruptCode(pump), null);
      }
    });
  }

  private Future<Void> closeSide(WebSocketBase socket, short code, String reason) {
    int side = socket == streamlit ? 0 : 1;
    if (closing[side] || closed[side]) {
      return Future.succeededFuture();
    }
    closing[side] = true;
    // Nothing may follow the close frame: stop the pump that writes to this socket.
    FramePump into = socket == streamlit ? fromBrowser : fromStreamlit;
    if (into != null) {
      into.stop();
    }
    deadlines[side].start();
    // Read on, even if the other side is full: its answer to the close frame waits behind what
    // it sent, and its frames have nowhere to go once the session ends (a closed target drops them).
    socket.resume();
    if (socket.isClosed()) {
      return Future.succeededFuture(); // it sent its close first: Vert.x has answered it
    }
    return socket.close(code, reason);
  }

  private void endSpan(FramePump pump, Short code) {
    if (!spanEnded) {
      spanEnded = true;
      UpstreamSpans.endWebSocket(span, code,
        pump == fromStreamlit ? UpstreamSpans.CLOSED_BY_UPSTREAM : UpstreamSpans.CLOSED_BY_CLIENT);
    }
  }

  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (liveness != null) {
      liveness.stop();
    }
    for (CloseDeadline deadline : deadlines) {
      if (deadline != null) {
        deadline.cancel();
      }
    }
    if (!spanEnded) {
      endSpan(fromStreamlit, streamlit.closeStatusCode());
    }
    onEnd.run();
  }

  private int index(FramePump pump) {
    return pump == fromStreamlit ? 0 : 1;
  }

  private WebSocketBase other(FramePump pump) {
    return pump == fromStreamlit ? browser : streamlit;
  }

  /** The code the other side gets when this one vanished: 1011 for Streamlit, 1001 for the browser. */
  private short abruptCode(FramePump pump) {
    return pump == fromStreamlit ? INTERNAL_ERROR : GOING_AWAY;
  }
}
