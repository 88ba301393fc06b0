package io.fluxlit.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A real HTTP client for tests (Vert.x's, no decompression, no redirects), with blocking helpers. */
public final class Http {

  /** A complete response. */
  public record Response(int status, MultiMap headers, Buffer body) {
    public String text() {
      return body.toString(StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return body.toJsonObject();
    }

    public String requestId() {
      return headers.get("x-request-id");
    }
  }

  private final HttpClient client;
  private final int port;

  public Http(Vertx vertx, int port) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setDecompressionSupported(false).setKeepAlive(false));
    this.port = port;
  }

  public RequestOptions options(HttpMethod method, String uri) {
    return new RequestOptions()
      .setMethod(method)
      .setServer(SocketAddress.inetSocketAddress(port, "127.0.0.1"))
      .setHost("127.0.0.1")
      .setPort(port)
      .setURI(uri)
      .setFollowRedirects(false);
  }

  public Response get(String uri, String... headers) {
    return send(options(HttpMethod.GET, uri), null, headers);
  }

  public Response send(RequestOptions options, Buffer body, String... headers) {
    return sendAsync(options, body, headers).await();
  }

  public Future<Response> sendAsync(RequestOptions options, Buffer body, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return client.request(options)
      .compose(req -> (body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b))));
  }

  /** POSTs the parts as separate chunks (Transfer-Encoding: chunked, no Content-Length). */
  public Response postChunked(String uri, String... parts) {
    return client.request(options(HttpMethod.POST, uri))
      .compose(req -> {
        req.setChunked(true);
        for (int i = 0; i < parts.length - 1; i++) {
          req.write(parts[i]);
        }
        return req.end(parts[parts.length - 1]).compose(v -> req.response())
          .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b)));
      }).await();
  }

  public HttpClient client() {
    return client;
  }

  /**
   * Sends raw bytes on a new socket and returns everything the server answers until it closes
   * or the response is complete (for requests no well-behaved client would send).
   */
  public static String raw(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        if (isComplete(answer)) {
          break;
        }
      }
      return answer.toString();
    }
  }

  private static boolean isComplete(StringBuilder answer) {
    int end = answer.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = answer.substring(0, end).toLowerCase();
    int cl = head.indexOf("content-length:");
    if (cl < 0) {
      return false;
    }
    int lineEnd = head.indexOf("\r\n", cl);
    int length = Integer.parseInt(head.substring(cl + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
    return answer.length() >= end + 4 + length;
  }
}
