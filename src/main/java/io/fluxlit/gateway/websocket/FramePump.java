package io.fluxlit.gateway.websocket;

import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;

import java.util.ArrayDeque;

/**
 * One direction of a relayed WebSocket: data frames from one socket to the other, as they are
 * (type and fragmentation kept), in order, with back-pressure.
 *
 * <p>Hand-written because Vert.x's {@code pipeTo} ends the target on the source's end instead of
 * forwarding the close code, and knows nothing of message sizes. The frame handler is installed
 * at once, while the source is still paused, so no frame can arrive unseen; a frame that
 * arrives before the target is {@linkplain #connect connected} (the source was resumed early)
 * is held and the source paused again. The close frame travels in the same queue as the data,
 * so it is reported only after every frame sent before it went out.
 */
final class FramePump {

  /** What the pump reports to its session. */
  interface Listener {
    /** @param pump the pump whose source sent a close frame (already echoed by Vert.x) */
    void closeFrame(FramePump pump, short code, String reason);

    /** @param pump the pump whose source sent a message over the limit */
    void tooBig(FramePump pump, long messageBytes);
  }

  private final WebSocketBase from;
  private final int maxMessageBytes;
  private final Listener listener;
  private final ArrayDeque<WebSocketFrame> held = new ArrayDeque<>(1);
  private WebSocketBase to;
  private long messageBytes;
  private boolean stopped;
  private boolean pausedForTarget;

  /**
   * @param from the source socket (paused)
   * @param maxMessageBytes the largest message relayed ({@code FLUXLIT_GATEWAY_WS_MAX_MESSAGE_BYTES})
   * @param listener told about close frames and over-limit messages
   */
  FramePump(WebSocketBase from, int maxMessageBytes, Listener listener) {
    this.from = from;
    this.maxMessageBytes = maxMessageBytes;
    this.listener = listener;
    from.frameHandler(this::frame);
  }

  /**
   * Starts forwarding to the target (frames held so far first); resuming the source is the
   * session's call.
   *
   * @param target the socket frames are written to
   */
  void connect(WebSocketBase target) {
    to = target;
    target.drainHandler(v -> {
      if (pausedForTarget) {
        pausedForTarget = false;
        from.resume();
      }
    });
    while (!held.isEmpty()) {
      forward(held.poll());
    }
  }

  /** Drops any further frames: the session is ending. */
  void stop() {
    stopped = true;
    held.clear();
  }

  private void frame(WebSocketFrame frame) {
    if (stopped) {
      return;
    }
    if (frame.isClose()) {
      if (to == null) {
        held.add(frame);
        from.pause();
        return;
      }
      forward(frame);
      return;
    }
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
      return; // pings and pongs are per hop
    }
    messageBytes = frame.isContinuation() ? messageBytes + frame.binaryData().length() : frame.binaryData().length();
    if (messageBytes > maxMessageBytes) {
      stop();
      listener.tooBig(this, messageBytes);
      return;
    }
    if (to == null) {
      held.add(frame);
      from.pause();
      return;
    }
    forward(frame);
  }

  private void forward(WebSocketFrame frame) {
    if (frame.isClose()) {
      listener.closeFrame(this, frame.closeStatusCode(), frame.closeReason());
      return;
    }
    if (to.isClosed()) {
      return; // the other side is gone: the session is ending, nothing can be delivered
    }
    to.writeFrame(frame);
    if (!pausedForTarget && to.writeQueueFull()) {
      pausedForTarget = true;
      from.pause();
    }
  }
}
