package io.fluxlit.gateway.edge;

import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.config.Setting;
import io.fluxlit.logging.RequestId;
import io.fluxlit.logging.RequestIdPolicy;
import io.fluxlit.vertx.VertxInternals;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two clocks of an HTTP/1.x client connection (docs/security.md):
 * <ul>
 *   <li>{@code FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S}: a request head must be complete within it,
 *       counted from the accept for the first request and from its first byte for later ones on a
 *       keep-alive connection; else {@code 408} with a request ID, and the connection is closed
 *       (a connection that sent nothing at all is closed without an answer);</li>
 *   <li>the same {@code FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S} bounds every gap in a request
 *       body: a client that stops sending in the middle of one has its connection closed, whichever
 *       hop the request went to (Streamlit over HTTP, the API, a WebSocket upgrade). Time the
 *       gateway itself stops reading (a paused request: the concurrency queue, the start-up wait,
 *       back-pressure from the upstream) does not count;</li>
 *   <li>{@code FLUXLIT_GATEWAY_IDLE_TIMEOUT_S}: a connection with no request in flight and no byte
 *       of a new one is closed.</li>
 * </ul>
 * Once a request is read, no clock runs until its response is done (the upstream timeouts govern
 * it), and after a WebSocket upgrade both handlers leave the pipeline: pings govern sessions.
 *
 * <p>Hand-written on Netty, because nothing in Vert.x knows where a request head starts and ends:
 * {@code HttpServerOptions.setIdleTimeout} counts any silence, so it would also cut a request
 * waiting on a slow upstream and every quiet WebSocket, and Netty's {@code IdleStateHandler} is
 * the same. One handler sees the raw bytes (before the decoder), the other the decoded heads and
 * the responses written; both run on the connection's event loop.
 */
public final class ConnectionDeadlines {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");
  private static final String BYTES = "fluxlitHeadBytes";
  private static final String MESSAGES = "fluxlitDeadlines";

  private final long headMs;
  private final long idleMs;
  private final List<Map.Entry<String, String>> extraHeaders;

  /**
   * @param headMs request head timeout, 0 = none
   * @param idleMs idle timeout, 0 = none
   * @param extraHeaders headers the 408 carries besides its own (the security headers)
   */
  public ConnectionDeadlines(long headMs, long idleMs, List<Map.Entry<String, String>> extraHeaders) {
    this.headMs = headMs;
    this.idleMs = idleMs;
    this.extraHeaders = extraHeaders;
  }

  /** @return whether any clock is on */
  public boolean enabled() {
    return headMs > 0 || idleMs > 0;
  }

  /**
   * Starts the clocks of a connection just accepted (the server's connection handler).
   *
   * @param connection an HTTP/1.x connection of the gateway's server
   */
  public void install(HttpConnection connection) {
    Clocks clocks = new Clocks(System.nanoTime());
    // False for anything but HTTP/1.x: HTTP/2 is not served (h2c is off), nothing to watch.
    if (VertxInternals.addAroundHttp1Codec(connection, BYTES, clocks.bytes, MESSAGES, clocks.messages)) {
      clocks.update();
    }
  }

  /** The state of one connection; touched only on its event loop. */
  private final class Clocks {
    final BytesIn bytes = new BytesIn();
    final Messages messages = new Messages();
    private long heads;
    private long requestsRead;
    private long responsesDone;
    /** While a request body is being read: when its last bytes (or its head) arrived. */
    private long bodyBytesAt;
    /** When the first byte of a head not yet complete arrived, or -1. */
    private long headBytesSince = -1;
    private final long acceptedAt;
    private long lastExchangeEnd;
    private ScheduledFuture<?> timer;
    private long timerAtNanos;
    private boolean upgraded;

    Clocks(long acceptedAt) {
      this.acceptedAt = acceptedAt;
      this.lastExchangeEnd = acceptedAt;
    }

    private boolean busy() {
      return heads > responsesDone || heads > requestsRead;
    }

    /**
     * Re-arms lazily: a timer already due no later than the new deadline is kept (it checks again
     * when it fires), so a busy keep-alive connection schedules nothing per request.
     */
    void update() {
      if (upgraded) {
        cancel();
        return;
      }
      long deadline = deadline();
      if (deadline == Long.MAX_VALUE || timer != null && timerAtNanos <= deadline) {
        return;
      }
      cancel();
      timerAtNanos = deadline;
      timer = bytes.ctx.executor().schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** @return when the connection is due to be cut (System.nanoTime), or Long.MAX_VALUE */
    private long deadline() {
      if (heads > requestsRead && headMs > 0) {
        return bodyBytesAt + TimeUnit.MILLISECONDS.toNanos(headMs); // a body is under way
      }
      if (busy()) {
        return Long.MAX_VALUE;
      }
      if (headBytesSince >= 0) {
        // A head is under way: the first one counts from the accept, later ones from their first
        // byte (or from the end of the exchange before, for bytes that came while it ran).
        long since = heads == 0 ? acceptedAt : Math.max(headBytesSince, lastExchangeEnd);
        return headMs > 0 ? since + TimeUnit.MILLISECONDS.toNanos(headMs) : Long.MAX_VALUE;
      }
      if (heads == 0) {
        // Accepted, nothing sent yet: whichever clock ends first.
        long first = headMs > 0 && idleMs > 0 ? Math.min(headMs, idleMs) : Math.max(headMs, idleMs);
        return first > 0 ? acceptedAt + TimeUnit.MILLISECONDS.toNanos(first) : Long.MAX_VALUE;
      }
      return idleMs > 0 ? lastExchangeEnd + TimeUnit.MILLISECONDS.toNanos(idleMs) : Long.MAX_VALUE;
    }

    private void fire() {
      timer = null;
      long deadline = upgraded ? Long.MAX_VALUE : deadline();
      if (deadline == Long.MAX_VALUE) {
        return; // busy or upgraded: the next update arms it again
      }
      if (System.nanoTime() < deadline) {
        update();
      } else if (heads > requestsRead) {
        bodyStalled();
      } else if (headBytesSince >= 0) {
        headTimedOut();
      } else {
        // Idle, or accepted and never used: closed without an answer.
        bytes.ctx.close();
      }
    }

    private void cancel() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    /**
     * No byte of the body for the whole deadline. Closed without an answer: the request is
     * already with its hop, which sees the close (the HTTP proxy and the API stop waiting for the
     * body, the upstream request is reset) and ends its exchange.
     */
    private void bodyStalled() {
      if (!bytes.ctx.channel().config().isAutoRead()) {
        // The gateway paused reading (a queue, back-pressure): not the client's silence.
        bodyBytesAt = System.nanoTime();
        update();
        return;
      }
      LOG.debug("request body stalled for {} ms ({}): closing the connection peer={}", headMs,
        Setting.FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S.envName(), bytes.ctx.channel().remoteAddress());
      upgraded = true; // nothing more is read or timed on this connection
      bytes.ctx.close();
    }

    private void headTimedOut() {
      String requestId = RequestIdPolicy.generate();
      LOG.debug("request head not complete within {} ms ({}): 408 and close request_id={} peer={}", headMs,
        Setting.FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S.envName(), requestId, bytes.ctx.channel().remoteAddress());
      upgraded = true; // nothing more is read or timed on this connection
      bytes.ctx.writeAndFlush(Unpooled.wrappedBuffer(requestTimeout(requestId))).addListener(ChannelFutureListener.CLOSE);
    }

    private void upgrade(ChannelHandlerContext ctx) {
      upgraded = true;
      update();
      ctx.pipeline().remove(bytes);
      ctx.pipeline().remove(messages);
    }

    /** Raw bytes, before the decoder: the first byte of a new head starts its clock. */
    final class BytesIn extends ChannelInboundHandlerAdapter {
      ChannelHandlerContext ctx;

      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Bytes while a body is being read belong to it; otherwise they start a head.
        if (!upgraded && msg instanceof ByteBuf buf && buf.isReadable()) {
          if (heads == requestsRead && headBytesSince < 0) {
            headBytesSince = System.nanoTime();
            update();
          }
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
      }
    }

    /** Decoded heads and request ends coming in, responses going out. */
    final class Messages extends ChannelDuplexHandler {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
          heads++;
          headBytesSince = -1;
        }
        if (msg instanceof HttpRequest || msg instanceof HttpContent) {
          bodyBytesAt = System.nanoTime();
        }
        if (msg instanceof LastHttpContent) {
          requestsRead++;
        }
        update();
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean switching = msg instanceof HttpResponse response && response.status().code() == 101;
        // 100 Continue and other interim answers do not end an exchange.
        boolean interim = msg instanceof HttpResponse response && response.status().code() < 200;
        boolean last = msg instanceof LastHttpContent && !interim;
        ctx.write(msg, promise);
        if (switching) {
          upgrade(ctx);
        } else if (last) {
          responsesDone++;
          lastExchangeEnd = System.nanoTime();
          update();
        }
      }
    }
  }

  private byte[] requestTimeout(String requestId) {
    byte[] body = GatewayResponses.body("Request Timeout: the request head did not arrive within "
      + Setting.FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S.envName(), requestId).getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 408 Request Timeout\r\n")
      .append(RequestId.HEADER).append(": ").append(requestId).append("\r\n")
      .append("content-type: ").append(GatewayResponses.TEXT_PLAIN).append("\r\n")
      .append("content-length: ").append(body.length).append("\r\n")
      .append("connection: close\r\n");
    extraHeaders.forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
    byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }
}
