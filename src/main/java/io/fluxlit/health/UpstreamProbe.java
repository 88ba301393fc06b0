package io.fluxlit.health;

import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One readiness probe of Streamlit (docs/observability.md#readiness-and-liveness): {@code GET {upstream}/} and, with a public
 * sub-path, {@code GET {upstream}{root}/}; the first 2xx means ready. Redirects are not followed.
 * The result is {@code null} when ready, else the documented failure detail, e.g.
 * {@code upstream_http_failed /:404;/myapp/:503}.
 */
final class UpstreamProbe {

  private final HttpClient client;
  private final Upstream upstream;
  private final List<String> paths;
  private final long timeoutMs;

  UpstreamProbe(HttpClient client, Upstream upstream, String rootPath, long timeoutMs) {
    this.client = client;
    this.upstream = upstream;
    this.timeoutMs = timeoutMs;
    List<String> candidates = new ArrayList<>();
    candidates.add("/");
    if (!rootPath.isEmpty()) {
      candidates.add(rootPath + "/");
    }
    this.paths = List.copyOf(candidates);
  }

  /** @return {@code null} when ready, else why not */
  Future<String> probe() {
    return probe(0, new StringBuilder());
  }

  private Future<String> probe(int index, StringBuilder failures) {
    String path = paths.get(index);
    return get(path).transform(ar -> {
      if (ar.succeeded() && ar.result() / 100 == 2) {
        return Future.succeededFuture((String) null);
      }
      if (ar.failed()) {
        // A transport failure is reported as its exception text (docs/observability.md#readiness-and-liveness).
        Throwable err = ar.cause();
        String text = err.getMessage();
        return Future.succeededFuture(text == null || text.isBlank()
          ? err.getClass().getSimpleName() + ": " + err : text);
      }
      failures.append(failures.length() == 0 ? "upstream_http_failed " : ";").append(path).append(':').append(ar.result());
      return index + 1 < paths.size() ? probe(index + 1, failures) : Future.succeededFuture(failures.toString());
    });
  }

  private Future<Integer> get(String path) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setServer(SocketAddress.inetSocketAddress(upstream.port(), upstream.host()))
      .setHost(upstream.host())
      .setPort(upstream.port())
      .setSsl(upstream.ssl())
      .setURI(upstream.basePath() + path)
      .setFollowRedirects(false)
      .setConnectTimeout(timeoutMs)
      .setIdleTimeout(timeoutMs);
    return client.request(options)
      .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
      .timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
