package io.fluxlit.gateway.websocket;

import io.fluxlit.tracing.TraceHook;
import io.fluxlit.tracing.UpstreamSpans;
import io.netty.channel.ChannelHandlerContext;
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

  /** One peer of the session: its socket, the pump that reads it, and how far its close has got. */
  private static final class Side {
    final String name;
    final short abruptCode; // what the other side gets when this one vanishes
    WebSocketBase socket;
    ChannelHandlerContext channel; // its connection, for dropping it (the browser's), or null
    FramePump pump; // reads this side and writes to the other
    CloseDeadline deadline;
    Side other;
    boolean closing; // a close frame went (or is going) to it
    boolean closed; // its TCP connection is gone
    boolean closeSeen; // its close (a frame, a message too big, silence) has been dealt with

    Side(String name, short abruptCode) {
      this.name = name;
      this.abruptCode = abruptCode;
    }

    boolean isStreamlit() {
      return abruptCode == INTERNAL_ERROR;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final RelayOptions options;
  private final TraceHook.Span span;
  private final Side streamlit = new Side("Streamlit", INTERNAL_ERROR);
  private final Side browser = new Side("the browser", GOING_AWAY);
  private WebSocketLiveness liveness;
  private Consumer<Short> onBrowserClosed = code -> { };
  private Runnable onEnd = () -> { };
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
   * @param socket the upstream socket, just connected
   * @param options the relay's settings
   * @param span the upstream span, ended when the session starts to close
   */
  RelayedWebSocket(Vertx vertx, WebSocket socket, RelayOptions options, TraceHook.Span span) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = options;
    this.span = span;
    streamlit.other = browser;
    browser.other = streamlit;
    socket.pause();
    streamlit.socket = socket;
    streamlit.pump = new FramePump(socket, options.maxMessageBytes(), this);
    streamlit.deadline = new CloseDeadline(vertx, socket, null, streamlit.name, options.closeTimeoutMs());
    socket.closeHandler(v -> closed(streamlit));
    socket.exceptionHandler(err -> failed(streamlit, err));
  }

  /**
   * Wires the accepted browser socket to Streamlit's, then lets frames flow both ways.
   *
   * @param socket the browser's socket, just accepted
   * @param channel its connection (see {@link CloseDeadline#drop}), or {@code null}
   * @param browserClosed told the browser's close code when its socket closes
   * @param end told once when both sockets are closed
   */
  void attach(ServerWebSocket socket, ChannelHandlerContext channel, Consumer<Short> browserClosed, Runnable end) {
    this.onBrowserClosed = browserClosed;
    this.onEnd = end;
    socket.pause();
    browser.socket = socket;
    browser.channel = channel;
    browser.pump = new FramePump(socket, options.maxMessageBytes(), this);
    browser.deadline = new CloseDeadline(vertx, socket, channel, browser.name, options.closeTimeoutMs());
    socket.closeHandler(v -> closed(browser));
    socket.exceptionHandler(err -> failed(browser, err));
    streamlit.pump.connect(socket);
    browser.pump.connect(streamlit.socket);
    if (!streamlit.closed) {
      liveness = new WebSocketLiveness(vertx, options.pingIntervalMs(), options.pingTimeoutMs(), this::silent,
        socket, streamlit.socket);
      liveness.start();
    }
    socket.resume();
    streamlit.socket.resume();
    if (streamlit.closed) {
      // Streamlit left before the browser was accepted: deliver what it sent, then end.
      afterQueuedFrames(streamlit);
    }
  }

  /**
   * Gives up on a session whose browser handshake failed.
   *
   * @param reason for the upstream's close frame
   */
  void abandon(String reason) {
    streamlit.pump.stop();
    closeSide(streamlit, GOING_AWAY, reason);
  }

  /**
   * Says goodbye to the browser (the gateway is stopping); its answer closes Streamlit's side.
   *
   * @return completes when the browser's socket is closed
   */
  Future<Void> goAway() {
    return browser.socket == null || browser.socket.isClosed() ? Future.succeededFuture()
      : closeSide(browser, GOING_AWAY, "FluxLit is shutting down");
  }

  /** The stop's grace is over: both connections of this attached session go, handshake or not. */
  void drop() {
    CloseDeadline.drop(streamlit.socket, null);
    CloseDeadline.drop(browser.socket, browser.channel);
  }

  @Override
  public void closeFrame(FramePump pump, short code, String reason) {
    Side side = sideOf(pump);
    side.closeSeen = true;
    endSpan(side, code);
    side.deadline.start(); // Vert.x answered it: the TCP close must follow in time
    if (side.other.socket != null) {
      closeSide(side.other, CloseCodes.forward(code, side.abruptCode), reason);
    }
  }

  @Override
  public void tooBig(FramePump pump, long messageBytes) {
    Side side = sideOf(pump);
    LOG.warn("gateway websocket: {} sent a message of more than {} bytes (FLUXLIT_GATEWAY_WS_MAX_MESSAGE_BYTES):"
      + " closing it with 1009", side.name, options.maxMessageBytes());
    side.closeSeen = true;
    endSpan(side, MESSAGE_TOO_BIG);
    closeSide(side, MESSAGE_TOO_BIG, "message too big");
    if (side.other.socket != null) {
      closeSide(side.other, side.abruptCode, side.isStreamlit() ? "Streamlit sent a message too big to relay" : null);
    }
  }

  private void silent(WebSocketBase socket) {
    Side side = socket == streamlit.socket ? streamlit : browser;
    LOG.warn("gateway websocket: {} did not answer a ping within {} ms (FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S):"
      + " closing the session", side.name, options.pingTimeoutMs());
    side.closeSeen = true;
    endSpan(side, null);
    side.pump.stop();
    closeSide(side, INTERNAL_ERROR, "ping timeout");
    CloseDeadline.drop(side.socket, side.channel); // it does not answer: no close handshake to wait for
    if (side.other.socket != null) {
      closeSide(side.other, side.abruptCode, side.isStreamlit() ? "Streamlit stopped answering" : null);
    }
  }

  private void failed(Side side, Throwable error) {
    if (error instanceof CorruptedWebSocketFrameException corrupt && corrupt.closeStatus() != null
      && corrupt.closeStatus().code() == MESSAGE_TOO_BIG && !side.closing) {
      // A single frame over the limit: Netty refused it, and Vert.x drops the connection right
      // after this handler, so the 1009 must go out now, written past Vert.x's queue.
      side.pump.stop();
      side.closing = true;
      CloseDeadline.closeNow(side.socket, side.channel, MESSAGE_TOO_BIG, "message too big");
      tooBig(side.pump, -1);
      return;
    }
    LOG.debug("gateway websocket: {} socket error: {}", side.name, error.toString());
  }

  /** The side's TCP connection is gone. */
  private void closed(Side side) {
    side.closed = true;
    side.deadline.closed();
    if (side == browser) {
      onBrowserClosed.accept(browser.socket.closeStatusCode());
    }
    if (!side.closeSeen) {
      afterQueuedFrames(side);
    }
    if (streamlit.closed && browser.closed || browser.socket == null && side == streamlit && side.closing) {
      end();
    }
  }

  /**
   * The side closed without its close frame having been relayed: either it vanished, or that
   * frame still waits behind a pause. Lets the queued frames through, then, on the next turn of
   * the event loop (after Vert.x delivered them), closes the other side if nothing else did.
   */
  private void afterQueuedFrames(Side side) {
    if (side.other.socket == null) {
      return; // no browser yet: attach() comes back here
    }
    side.socket.resume();
    context.runOnContext(v -> {
      if (!side.closeSeen) {
        side.closeSeen = true;
        endSpan(side, side.socket.closeStatusCode());
        closeSide(side.other, side.abruptCode, null);
      }
    });
  }

  private Future<Void> closeSide(Side side, short code, String reason) {
    if (side.closing || side.closed) {
      return Future.succeededFuture();
    }
    side.closing = true;
    // Nothing may follow the close frame: stop the pump that writes to this side.
    if (side.other.pump != null) {
      side.other.pump.stop();
    }
    side.deadline.start();
    // Read on, even if the other side is full: its answer to the close frame waits behind what
    // it sent, and its frames have nowhere to go once the session ends (a closed target drops them).
    side.socket.resume();
    if (side.socket.isClosed()) {
      return Future.succeededFuture(); // it sent its close first: Vert.x has answered it
    }
    return side.socket.close(code, reason);
  }

  private void endSpan(Side side, Short code) {
    if (!spanEnded) {
      spanEnded = true;
      UpstreamSpans.endWebSocket(span, code,
        side.isStreamlit() ? UpstreamSpans.CLOSED_BY_UPSTREAM : UpstreamSpans.CLOSED_BY_CLIENT);
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
    streamlit.deadline.cancel();
    if (browser.deadline != null) {
      browser.deadline.cancel();
    }
    if (!spanEnded) {
      endSpan(streamlit, streamlit.socket.closeStatusCode());
    }
    onEnd.run();
  }

  private Side sideOf(FramePump pump) {
    return pump == streamlit.pump ? streamlit : browser;
  }
}
