package io.fluxlit.bench;

import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.Arrays;
import java.util.Map;

/**
 * The fixture upstream every proxy is measured in front of:
 * <ul>
 *   <li>{@code GET /small}: 100 bytes of text;</li>
 *   <li>{@code GET /large}: 1 MiB of bytes;</li>
 *   <li>{@code POST /echo}: the request body back;</li>
 *   <li>{@code POST /upload}: reads the body (of any size) and answers its length;</li>
 *   <li>{@code GET /headers}: the request's headers, one {@code name: value} a line (bench/run.sh
 *   checks with it that every proxy sends what it must upstream);</li>
 *   <li>a WebSocket on any path: every message echoed as it came (text stays text).</li>
 * </ul>
 * One event loop by default, so it takes one core's share like the load generator beside it.
 */
final class Fixture {

  static final int SMALL_BYTES = 100;
  static final int LARGE_BYTES = 1024 * 1024;

  private Fixture() {
  }

  static void run(Map<String, String> options) {
    // Several ports (comma-separated): bench/run.sh gives every proxy its own, so that one proxy's
    // connections (and TIME_WAIT sockets) to the upstream never share a port space with another's.
    String[] ports = options.getOrDefault("port", "9001").split(",");
    int loops = Tools.intOption(options, "event-loops", 1);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    byte[] smallBytes = new byte[SMALL_BYTES];
    Arrays.fill(smallBytes, (byte) 's');
    byte[] largeBytes = new byte[LARGE_BYTES];
    for (int i = 0; i < largeBytes.length; i++) {
      largeBytes[i] = (byte) ('a' + i % 26);
    }
    // Direct, unreleasable buffers: every response writes a duplicate, with no copy per request.
    Buffer small = BufferInternal.buffer(Unpooled.unreleasableBuffer(Unpooled.directBuffer(SMALL_BYTES).writeBytes(smallBytes)));
    Buffer large = BufferInternal.buffer(Unpooled.unreleasableBuffer(Unpooled.directBuffer(LARGE_BYTES).writeBytes(largeBytes)));
    for (int i = 0; i < loops; i++) {
      for (String port : ports) {
        listen(vertx, Integer.parseInt(port.trim()), small, large);
      }
    }
    System.out.println("fixture transport native=" + vertx.isNativeTransportEnabled());
  }

  private static void listen(Vertx vertx, int port, Buffer small, Buffer large) {
    vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true)
        .setMaxWebSocketFrameSize(LARGE_BYTES).setMaxWebSocketMessageSize(LARGE_BYTES))
      .webSocketHandler(Fixture::echo)
      .requestHandler(request -> handle(request, small, large))
      .listen()
      .onSuccess(s -> System.out.println("fixture listening on 127.0.0.1:" + s.actualPort()))
      .onFailure(e -> {
        e.printStackTrace();
        System.exit(1);
      });
  }

  private static void handle(HttpServerRequest request, Buffer small, Buffer large) {
    switch (request.path()) {
      case "/small" -> request.response().putHeader("content-type", "text/plain").end(small);
      case "/large" -> request.response().putHeader("content-type", "application/octet-stream").end(large);
      case "/echo" -> {
        if (request.method() != HttpMethod.POST) {
          request.response().setStatusCode(405).end();
          return;
        }
        request.body().onSuccess(body -> request.response()
          .putHeader("content-type", "application/octet-stream").end(body));
      }
      case "/upload" -> {
        long[] received = new long[1];
        request.handler(chunk -> received[0] += chunk.length());
        request.endHandler(v -> request.response().putHeader("content-type", "text/plain")
          .end("received " + received[0] + "\n"));
      }
      case "/headers" -> {
        StringBuilder text = new StringBuilder();
        request.headers().forEach(h -> text.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
        request.response().putHeader("content-type", "text/plain").end(text.toString());
      }
      default -> request.response().setStatusCode(404).end("not found");
    }
  }

  private static void echo(ServerWebSocket ws) {
    ws.textMessageHandler(ws::writeTextMessage);
    ws.binaryMessageHandler(ws::writeBinaryMessage);
  }
}
