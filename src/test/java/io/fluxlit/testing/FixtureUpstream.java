package io.fluxlit.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A real HTTP/WebSocket server standing in for Streamlit where tests need exact assertions on
 * what the upstream received. Paths:
 * <ul>
 *   <li>any: answers 200 JSON {method, uri, headers, body} describing the request it got</li>
 *   <li>{@code /sse}: an event stream; the first event is sent at once, the rest only after
 *       {@link #releaseSse()}</li>
 *   <li>{@code /cookies}: three Set-Cookie headers</li>
 *   <li>{@code /hop}: hop-by-hop response headers and its own X-Request-ID</li>
 *   <li>{@code /slow}: never answers</li>
 *   <li>{@code /delay?ms=N}: answers {@code delayed} after N ms</li>
 *   <li>{@code /gzip}: a gzip-encoded body with Content-Length</li>
 *   <li>{@code /big}: 1 MiB with Content-Length (HEAD: the length, no body)</li>
 *   <li>WebSocket (subprotocol {@code streamlit}): echoes frames keeping their type;
 *       {@code close:CODE:REASON} closes with that code; {@code flood:N} sends N 64 KiB binary
 *       frames as fast as it is allowed</li>
 * </ul>
 * Use it in try-with-resources (or stop it in an {@code @AfterAll}): closing it stops the server.
 */
public final class FixtureUpstream implements AutoCloseable {

  public static final int BIG_SIZE = 1024 * 1024;

  private final Vertx vertx;
  private HttpServer server;
  private int port;
  private final BlockingQueue<JsonObject> requests = new LinkedBlockingQueue<>();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final List<MultiMap> webSocketHandshakes = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Short> clientCloseCodes = new LinkedBlockingQueue<>();
  private final AtomicBoolean floodSawFullQueue = new AtomicBoolean();
  private final AtomicInteger floodFramesWritten = new AtomicInteger();
  private Promise<Void> sseRelease = Promise.promise();

  private final List<String> uris = new CopyOnWriteArrayList<>();

  public FixtureUpstream(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts on a free port (or the same port as before, after {@link #stop()}). */
  public FixtureUpstream start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .addWebSocketSubProtocol("streamlit")
        .setMaxWebSocketFrameSize(16 * 1024 * 1024))
      .webSocketHandler(this::webSocket)
      .requestHandler(this::handle);
    server.listen().await();
    port = server.actualPort();
    return this;
  }

  /** Stops listening (it may be started again on the same port); once stopped, does nothing. */
  public void stop() {
    if (server != null) {
      HttpServer closing = server;
      server = null;
      closing.close().await();
    }
  }

  @Override
  public void close() {
    stop();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** @return the next request the fixture received, as JSON, waiting up to 10 s */
  public JsonObject nextRequest() throws InterruptedException {
    JsonObject request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the upstream received no request");
    }
    return request;
  }

  public int requestCount() {
    return requestCount.get();
  }

  /**
   * @param prefix the start of a request URI, e.g. {@code /page}
   * @return how many requests with such a URI it received (readiness probes of {@code /} aside)
   */
  public int requestsTo(String prefix) {
    return (int) uris.stream().filter(u -> u.startsWith(prefix)).count();
  }

  public void clearRequests() {
    requests.clear();
  }

  public List<MultiMap> webSocketHandshakes() {
    return webSocketHandshakes;
  }

  /** @return the close codes WebSocket clients closed with so far (-1: no close frame) */
  public Collection<Short> clientCloseCodes() {
    return clientCloseCodes;
  }

  public boolean floodSawFullQueue() {
    return floodSawFullQueue.get();
  }

  public int floodFramesWritten() {
    return floodFramesWritten.get();
  }

  public void releaseSse() {
    sseRelease.tryComplete();
  }

  private void handle(HttpServerRequest request) {
    requestCount.incrementAndGet();
    uris.add(request.uri());
    String path = request.path();
    switch (path) {
      case "/sse" -> sse(request);
      case "/cookies" -> request.response()
        .putHeader("content-type", "text/plain")
        .putHeader("set-cookie", (Iterable<String>) List.of("a=1; Path=/", "b=2; Path=/; HttpOnly", "c=3"))
        .end("cookies");
      case "/hop" -> request.response()
        .putHeader("connection", "X-Secret-Hop")
        .putHeader("x-secret-hop", "must-not-pass")
        .putHeader("keep-alive", "timeout=5")
        .putHeader("x-request-id", "upstream-made-this")
        .putHeader("x-kept", "yes")
        .end("hop");
      case "/slow" -> {
        // Never answers: the gateway's read timeout must.
      }
      case "/delay" -> vertx.setTimer(Long.parseLong(request.getParam("ms", "1000")),
        id -> request.response().putHeader("content-type", "text/plain").end("delayed"));
      case "/gzip" -> {
        byte[] gz = gzip("hello gzip world");
        request.response()
          .putHeader("content-type", "text/plain")
          .putHeader("content-encoding", "gzip")
          .putHeader("content-length", Integer.toString(gz.length))
          .end(Buffer.buffer(gz));
      }
      case "/big" -> {
        request.response().putHeader("content-type", "application/octet-stream")
          .putHeader("content-length", Integer.toString(BIG_SIZE));
        if (request.method().name().equals("HEAD")) {
          request.response().end();
        } else {
          request.response().end(Buffer.buffer(new byte[BIG_SIZE]));
        }
      }
      default -> echo(request);
    }
  }

  private void echo(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      JsonObject headers = new JsonObject();
      for (Map.Entry<String, String> e : request.headers()) {
        String name = e.getKey().toLowerCase();
        JsonArray values = headers.getJsonArray(name, new JsonArray());
        headers.put(name, values.add(e.getValue()));
      }
      JsonObject seen = new JsonObject()
        .put("method", request.method().name())
        .put("uri", request.uri())
        .put("headers", headers)
        .put("body", body.toString(StandardCharsets.UTF_8));
      requests.add(seen);
      request.response().putHeader("content-type", "application/json").end(seen.toBuffer());
    });
  }

  private void sse(HttpServerRequest request) {
    request.response().setChunked(true).putHeader("content-type", "text/event-stream");
    request.response().write("data: first\n\n");
    Future<Void> release = sseRelease.future();
    release.onComplete(v -> {
      request.response().write("data: second\n\n");
      request.response().end();
      sseRelease = Promise.promise();
    });
  }

  private void webSocket(ServerWebSocket ws) {
    webSocketHandshakes.add(MultiMap.caseInsensitiveMultiMap().addAll(ws.headers()));
    ws.closeHandler(v -> clientCloseCodes.add(ws.closeStatusCode() == null ? (short) -1 : ws.closeStatusCode()));
    ws.frameHandler(frame -> {
      if (frame.isText()) {
        String text = frame.textData();
        if (text.startsWith("close:")) {
          String[] parts = text.split(":", 3);
          ws.close(Short.parseShort(parts[1]), parts[2]);
        } else if (text.startsWith("flood:")) {
          flood(ws, Integer.parseInt(text.substring(6)));
        } else {
          ws.writeTextMessage(text);
        }
      } else if (frame.isBinary() || frame.isContinuation()) {
        ws.writeFrame(frame); // fragments echoed as fragments
      }
    });
  }

  /**
   * Writes exactly {@code total} frames while the socket accepts them; a full write queue is
   * recorded and waited out. The count left is shared, so a drain handler called more than once
   * can never write the same frames twice.
   */
  private void flood(ServerWebSocket ws, int total) {
    AtomicInteger left = new AtomicInteger(total);
    floodMore(ws, left);
  }

  private void floodMore(ServerWebSocket ws, AtomicInteger left) {
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    // The gateway may have closed the socket while it was paused (the test is over).
    while (left.get() > 0 && !ws.isClosed()) {
      left.decrementAndGet();
      ws.writeBinaryMessage(chunk);
      floodFramesWritten.incrementAndGet();
      if (left.get() > 0 && ws.writeQueueFull()) {
        floodSawFullQueue.set(true);
        ws.drainHandler(v -> floodMore(ws, left));
        return;
      }
    }
    if (left.getAndSet(-1) == 0 && !ws.isClosed()) {
      ws.writeTextMessage("flood-done");
    }
  }

  private static byte[] gzip(String text) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
