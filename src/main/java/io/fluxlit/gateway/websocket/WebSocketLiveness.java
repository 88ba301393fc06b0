package io.fluxlit.gateway.websocket;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;

import java.util.function.Consumer;

/**
 * Pings both peers of a relayed WebSocket every {@code FLUXLIT_GATEWAY_WS_PING_INTERVAL_S} and
 * reports a peer that has not answered a ping within {@code FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S}
 * (the Python FluxLit's {@code websockets} keepalive, on both hops). Vert.x answers pings but sends
 * none and has no pong deadline, hence this class.
 */
final class WebSocketLiveness {

  private final Vertx vertx;
  private final long intervalMs;
  private final long timeoutMs;
  private final Consumer<WebSocketBase> silent;
  private final Peer[] peers;
  private long periodic = -1;

  /**
   * @param vertx for the timers (set on the caller's context)
   * @param intervalMs time between pings; 0 = no pings
   * @param timeoutMs time a ping may stay unanswered; 0 = forever
   * @param silent told, once, about a peer that did not answer in time
   * @param sockets the peers
   */
  WebSocketLiveness(Vertx vertx, long intervalMs, long timeoutMs, Consumer<WebSocketBase> silent, WebSocketBase... sockets) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.timeoutMs = timeoutMs;
    this.silent = silent;
    this.peers = new Peer[sockets.length];
    for (int i = 0; i < sockets.length; i++) {
      Peer peer = new Peer(sockets[i]);
      peers[i] = peer;
      sockets[i].pongHandler(pong -> peer.answered());
    }
  }

  /** Starts pinging. */
  void start() {
    if (intervalMs > 0) {
      // Vert.x runs periodic timers on the root context: hop back to the request's, so that the
      // deadlines and their log lines keep its request ID.
      Context context = vertx.getOrCreateContext();
      periodic = vertx.setPeriodic(intervalMs, id -> context.runOnContext(v -> {
        for (Peer peer : peers) {
          peer.ping();
        }
      }));
    }
  }

  /** Stops pinging and forgets pending deadlines. */
  void stop() {
    if (periodic != -1) {
      vertx.cancelTimer(periodic);
      periodic = -1;
    }
    for (Peer peer : peers) {
      peer.cancel();
    }
  }

  private final class Peer {
    private final WebSocketBase socket;
    /** The deadline of the unanswered ping, or -1. */
    private long deadline = -1;

    Peer(WebSocketBase socket) {
      this.socket = socket;
    }

    void ping() {
      if (deadline != -1 || socket.isClosed()) {
        return; // the last ping is still unanswered: its deadline decides
      }
      socket.writePing(Buffer.buffer());
      if (timeoutMs > 0) {
        deadline = vertx.setTimer(timeoutMs, id -> {
          deadline = -1;
          if (!socket.isClosed()) {
            stop();
            silent.accept(socket);
          }
        });
      }
    }

    void answered() {
      cancel();
    }

    void cancel() {
      if (deadline != -1) {
        vertx.cancelTimer(deadline);
        deadline = -1;
      }
    }
  }
}
