package io.fluxlit.gateway.websocket;

import io.fluxlit.vertx.VertxInternals;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close-handshake deadline of one socket of a relayed WebSocket
 * ({@code FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S}): once a close frame went either way, the TCP
 * connection must be gone within the timeout, else it is dropped. Vert.x's own closing timeout
 * counts whole seconds and starts only once the close frame is written, which never happens
 * towards a peer that reads nothing; hence this class.
 */
final class CloseDeadline {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final Vertx vertx;
  private final WebSocketBase socket;
  private final ChannelHandlerContext channel;
  private final String side;
  private final long timeoutMs;
  private long timer = -1;
  private boolean closed;

  /**
   * @param vertx for the timer (set on the caller's context, so its log line has the request ID)
   * @param socket the socket
   * @param channel its connection, or {@code null} to take it from the socket ({@link #drop})
   * @param side {@code the browser} or {@code Streamlit}, for the log
   * @param timeoutMs the close timeout
   */
  CloseDeadline(Vertx vertx, WebSocketBase socket, ChannelHandlerContext channel, String side, long timeoutMs) {
    this.vertx = vertx;
    this.socket = socket;
    this.channel = channel;
    this.side = side;
    this.timeoutMs = timeoutMs;
  }

  /** Starts the clock, once: a close frame was sent or received. */
  void start() {
    if (timer != -1 || closed) {
      return;
    }
    timer = vertx.setTimer(timeoutMs, id -> {
      timer = -1;
      if (!closed) {
        LOG.debug("gateway websocket: the close handshake with {} took more than {} ms"
          + " (FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S): dropping the connection", side, timeoutMs);
        drop(socket, channel);
      }
    });
  }

  /** The connection is gone: the clock stops. */
  void closed() {
    closed = true;
    cancel();
  }

  /** Stops the clock without dropping anything. */
  void cancel() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * Writes a close frame straight to the connection, flushed, past Vert.x's write queue: for a
   * frame over the limit, Vert.x closes the connection right after telling us, and a close
   * frame queued the usual way (deferred while it reads) would be dropped unsent.
   *
   * @param socket the socket Vert.x is about to drop
   * @param channel its connection, or {@code null} ({@link #drop})
   * @param code the close code
   * @param reason the close reason
   */
  static void closeNow(WebSocketBase socket, ChannelHandlerContext channel, short code, String reason) {
    ChannelHandlerContext connection = connection(socket, channel);
    if (connection != null) {
      connection.writeAndFlush(new CloseWebSocketFrame(code, reason));
    } else {
      socket.close(code, reason);
    }
  }

  /**
   * Closes the TCP connection at once; Vert.x's WebSocket API can only ask for a close handshake.
   *
   * @param socket the socket to drop
   * @param channel its connection; a browser socket accepted through the gateway's Vert.x Web
   *     router is a wrapper that does not expose it, so the relay passes the request's own
   */
  static void drop(WebSocketBase socket, ChannelHandlerContext channel) {
    ChannelHandlerContext connection = connection(socket, channel);
    if (connection != null) {
      connection.close();
    } else {
      socket.close();
    }
  }

  private static ChannelHandlerContext connection(WebSocketBase socket, ChannelHandlerContext channel) {
    // After the upgrade, close from the handler that holds the name now (see VertxInternals.live).
    return channel != null ? VertxInternals.live(channel) : VertxInternals.channel(socket);
  }
}
