package io.fluxlit.gateway.http.assets;

import io.fluxlit.upstream.Upstream;
import io.fluxlit.pool.Worker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Streamlit build a worker serves, so that a cached bundle is only ever served for workers
 * of the build it came from: a fingerprint of the worker's own page ({@code index.html}), made
 * from the hashed bundle names it loads (the whole page when it names none). A rolling reload
 * brings new {@link Worker}s, each fingerprinted once; a worker this gateway did not start
 * (listed upstreams, remote workers) can be redeployed behind the same address, so its
 * fingerprint is taken again after {@value #RECHECK_SECONDS} s. One per gateway instance, used
 * on its event loop only.
 */
final class WorkerBuilds {

  static final long RECHECK_SECONDS = 10;
  private static final long RECHECK_NANOS = RECHECK_SECONDS * 1_000_000_000L;
  private static final long RETRY_NANOS = 1_000_000_000L;
  private static final long FETCH_TIMEOUT_MS = 5_000;
  private static final int MAX_WORKERS = 64;
  private static final Pattern BUNDLE = Pattern.compile("(?:src|href)=\"([^\"]*static/[^\"]+)\"");

  private final HttpClient client;
  private final String rootPath;
  private final Map<Worker, Fingerprint> known = new HashMap<>();

  private record Fingerprint(CompletableFuture<String> build, long takenNanos) {
  }

  /**
   * @param client the client of the HTTP hop
   * @param rootPath the public sub-path Streamlit serves under, or the empty string
   */
  WorkerBuilds(HttpClient client, String rootPath) {
    this.client = client;
    this.rootPath = rootPath;
  }

  /**
   * @param worker a worker
   * @param context where the answer is wanted (the request's)
   * @return its build's fingerprint, or {@code null} when its page could not be read
   */
  Future<String> of(Worker worker, Context context) {
    long now = System.nanoTime();
    Fingerprint fingerprint = known.get(worker);
    if (fingerprint == null || stale(worker, fingerprint, now)) {
      if (known.size() > MAX_WORKERS) {
        known.clear();
      }
      fingerprint = new Fingerprint(fetch(worker.upstream()), now);
      known.put(worker, fingerprint);
    }
    return CachedAssets.onContext(fingerprint.build(), context);
  }

  private static boolean stale(Worker worker, Fingerprint fingerprint, long now) {
    CompletableFuture<String> build = fingerprint.build();
    if (!build.isDone()) {
      return false;
    }
    long age = now - fingerprint.takenNanos();
    if (build.getNow(null) == null) {
      return age > RETRY_NANOS;
    }
    return worker.kind() != Worker.Kind.MANAGED && age > RECHECK_NANOS;
  }

  private CompletableFuture<String> fetch(Upstream upstream) {
    CompletableFuture<String> build = new CompletableFuture<>();
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(upstream.host()).setPort(upstream.port())
        .setSsl(upstream.ssl()).setURI(upstream.basePath() + rootPath + "/").setIdleTimeout(FETCH_TIMEOUT_MS))
      .compose(request -> request.send())
      .compose(response -> response.statusCode() == 200 ? response.body() : drained(response))
      .onComplete(page -> build.complete(page.succeeded() && page.result() != null ? fingerprint(page.result()) : null));
    return build;
  }

  private static Future<Buffer> drained(HttpClientResponse response) {
    return response.body().map(ignored -> null);
  }

  /**
   * @param page a worker's {@code index.html}
   * @return 16 hex digits naming its build
   */
  static String fingerprint(Buffer page) {
    String html = page.toString(StandardCharsets.UTF_8);
    StringBuilder bundles = new StringBuilder();
    Matcher m = BUNDLE.matcher(html);
    while (m.find()) {
      bundles.append(m.group(1)).append('\n');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((bundles.length() > 0 ? bundles.toString() : html).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
