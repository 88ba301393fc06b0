package io.fluxlit.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * An HTTP hop in front of a real {@link StreamlitServer} that counts the requests reaching
 * Streamlit by path (query left off), so a test can tell which ones the gateway answered itself.
 * {@link #otherBuild} makes it look like another Streamlit build of the same files: its page
 * names one more bundle, and every {@code .js} bundle ends in a comment naming the build.
 * {@code GET /encoded.txt} answers a gzip-encoded text body of its own, as an upstream that
 * compresses does.
 */
public final class CountingUpstream implements AutoCloseable {

  /** The text {@code /encoded.txt} holds before gzip. */
  public static final String ENCODED_TEXT = "already encoded by the upstream ".repeat(100);

  private final Vertx vertx;
  private final StreamlitServer streamlit;
  private final String build;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Set<String> cutOnce = ConcurrentHashMap.newKeySet();
  private HttpServer server;
  private HttpClient client;

  private CountingUpstream(Vertx vertx, StreamlitServer streamlit, String build) {
    this.vertx = vertx;
    this.streamlit = streamlit;
    this.build = build;
  }

  /** @return a hop that passes Streamlit's answers as they are */
  public static CountingUpstream sameBuild(Vertx vertx, StreamlitServer streamlit) {
    return new CountingUpstream(vertx, streamlit, null).start();
  }

  /**
   * @param name names the build in its page and its bundles
   * @return a hop that makes Streamlit look like another build
   */
  public static CountingUpstream otherBuild(Vertx vertx, StreamlitServer streamlit, String name) {
    return new CountingUpstream(vertx, streamlit, name).start();
  }

  private CountingUpstream start() {
    client = vertx.createHttpClient(new HttpClientOptions().setDecompressionSupported(false));
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
    return this;
  }

  private void handle(HttpServerRequest request) {
    counts.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
    if (cutOnce.remove(request.path())) {
      // A bundle's head, marked immutable, and part of its body: then the connection goes.
      request.response().putHeader("Content-Type", "text/javascript").putHeader("Cache-Control", "public, immutable")
        .putHeader("Content-Length", "10000").write("/* the first bytes of a bundle */")
        .onComplete(written -> request.connection().close());
      return;
    }
    if (request.path().equals("/encoded.txt")) {
      request.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Content-Encoding", "gzip")
        .end(Buffer.buffer(gzip(ENCODED_TEXT)));
      return;
    }
    RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
      .setPort(streamlit.port()).setURI(request.uri());
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers()).remove("Host");
    request.body()
      .compose(body -> client.request(options.setHeaders(headers)).compose(up -> up.send(body)))
      .compose(response -> response.body().map(body -> {
        Buffer answer = rewrite(request.path(), response.headers().get("Content-Type"), body);
        request.response().setStatusCode(response.statusCode());
        request.response().headers().addAll(response.headers()).remove("Content-Length").remove("Transfer-Encoding");
        request.response().end(answer);
        return null;
      }))
      .onFailure(err -> request.response().setStatusCode(502).end(err.toString()));
  }

  /**
   * The next request for {@code path} gets a head and part of its body, then its connection is
   * closed: an upstream that fails mid-fetch (one closed before any answer is sent again by the
   * gateway, so it would not fail).
   *
   * @param path a path, e.g. a bundle's
   */
  public void cutFirst(String path) {
    cutOnce.add(path);
  }

  private Buffer rewrite(String path, String type, Buffer body) {
    if (build == null || type == null) {
      return body;
    }
    if (type.startsWith("text/html")) {
      return Buffer.buffer(body.toString(StandardCharsets.UTF_8).replace("</head>",
        "<script src=\"./static/js/" + build + ".js\"></script></head>"));
    }
    if (path.startsWith("/static/js/") && path.endsWith(".js")) {
      return body.copy().appendString("\n/* " + build + " */\n");
    }
    return body;
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** @return {@code http://127.0.0.1:PORT} */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /**
   * @param path a path, without query
   * @return how many requests for it reached Streamlit (or this hop, for /encoded.txt)
   */
  public int requestsFor(String path) {
    AtomicInteger count = counts.get(path);
    return count == null ? 0 : count.get();
  }

  /** @return requests under {@code /static/} that reached Streamlit */
  public int staticRequests() {
    return counts.entrySet().stream().filter(e -> e.getKey().startsWith("/static/"))
      .mapToInt(e -> e.getValue().get()).sum();
  }

  @Override
  public void close() {
    server.close().await();
    client.close().await();
  }
}
