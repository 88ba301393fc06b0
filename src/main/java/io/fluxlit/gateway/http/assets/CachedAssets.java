package io.fluxlit.gateway.http.assets;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.pool.Worker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Streamlit's hashed bundles ({@code /static/...}, which it marks {@code public, immutable})
 * answered from the process's {@link AssetCache}, compressed once per coding, with
 * {@code If-None-Match}/{@code If-Modified-Since} answered {@code 304}, without asking Streamlit
 * (docs/performance.md#crowd-first-load). The key is the chosen worker's build
 * ({@link WorkerBuilds}) and the path, so a bundle is never served for a worker of another build.
 * A miss goes to Streamlit as any request does; its answer is kept when Streamlit marked it
 * immutable and it fits, and the requests for the same bundle that arrived meanwhile get it too.
 * Everything else ({@code index.html}, {@code /_stcore/}, {@code /media/}, uploads, ranges,
 * other methods) passes untouched.
 */
public final class CachedAssets implements ProxyInterceptor {

  private static final String ANSWERED = "fluxlit.asset.answered";
  private static final String FILL = "fluxlit.asset.fill";

  private final Vertx vertx;
  private final AssetCache cache;
  private final WorkerBuilds builds;
  private final String staticPrefix;
  private final List<ContentCoding> offered;

  private record Fill(String key, CompletableFuture<CachedAsset> promise) {
  }

  /**
   * @param vertx the gateway verticle's Vert.x (compression runs on its worker threads)
   * @param cache the process's cache
   * @param client the HTTP hop's client (to read a worker's page for its build)
   * @param rootPath the public sub-path, or the empty string
   * @param compression whether compressed variants are sent
   */
  public CachedAssets(Vertx vertx, AssetCache cache, HttpClient client, String rootPath, boolean compression) {
    this.vertx = vertx;
    this.cache = cache;
    this.builds = new WorkerBuilds(client, rootPath);
    this.staticPrefix = rootPath + "/static/";
    this.offered = compression ? Compressors.available() : List.of();
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    Exchange exchange = Exchange.current();
    HttpServerRequest client = context.request().proxiedRequest();
    Worker worker = exchange.get(Worker.CHOSEN);
    if (worker == null || !cacheable(client, exchange.route().streamlitPath())) {
      return context.sendRequest();
    }
    Context here = Vertx.currentContext();
    return builds.of(worker, here).compose(build -> {
      if (build == null) {
        return context.sendRequest();
      }
      String key = build + " " + context.request().getURI();
      CachedAsset asset = cache.get(key);
      if (asset != null) {
        return answer(context, context.request().release().response(), key, asset, true);
      }
      if (client.method() != HttpMethod.GET) {
        // A HEAD answer has no body to keep.
        cache.miss();
        return context.sendRequest();
      }
      CompletableFuture<CachedAsset> mine = new CompletableFuture<>();
      CompletableFuture<CachedAsset> first = cache.fill(key, mine);
      if (first == null) {
        cache.miss();
        context.set(FILL, new Fill(key, mine));
        // The whole bundle, to keep: the browser's validators are answered from it afterwards.
        context.request().headers().remove(HttpHeaders.IF_NONE_MATCH).remove(HttpHeaders.IF_MODIFIED_SINCE);
        return context.sendRequest();
      }
      return onContext(first, here).compose(fetched -> fetched == null
        ? context.sendRequest()
        : answer(context, context.request().release().response(), key, fetched, true));
    });
  }

  private boolean cacheable(HttpServerRequest client, String streamlitPath) {
    HttpMethod method = client.method();
    return (method == HttpMethod.GET || method == HttpMethod.HEAD) && streamlitPath.startsWith(staticPrefix)
      && !client.headers().contains("Range") && !client.headers().contains("If-Range");
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    Fill fill = context.get(FILL, Fill.class);
    if (fill == null || context.get(ANSWERED, Boolean.class) != null) {
      return context.sendResponse();
    }
    ProxyResponse response = context.response();
    Body body = response.getBody();
    if (!storable(response, body)) {
      cache.abandoned(fill.key(), fill.promise());
      return context.sendResponse();
    }
    return collect(body).compose(identity -> {
      MultiMap headers = response.headers();
      String type = headers.get(HttpHeaders.CONTENT_TYPE);
      CachedAsset asset = new CachedAsset(type, headers.get(HttpHeaders.CACHE_CONTROL), headers.get(HttpHeaders.ETAG),
        headers.get(HttpHeaders.LAST_MODIFIED), identity, CompressibleTypes.compressible(type));
      cache.filled(fill.key(), fill.promise(), asset);
      return answer(context, response, fill.key(), asset, false);
    }, err -> {
      cache.abandoned(fill.key(), fill.promise());
      return Future.failedFuture(err);
    }).compose(answered -> context.sendResponse());
  }

  /** Streamlit's 200, marked immutable, plain, of a known size that fits, the same for everyone. */
  private boolean storable(ProxyResponse response, Body body) {
    MultiMap headers = response.headers();
    String cacheControl = headers.get(HttpHeaders.CACHE_CONTROL);
    if (response.getStatusCode() != 200 || cacheControl == null) {
      return false;
    }
    String directives = cacheControl.toLowerCase(Locale.ROOT);
    return directives.contains("immutable") && !directives.contains("private") && !directives.contains("no-store")
      && !headers.contains(HttpHeaders.CONTENT_ENCODING) && !headers.contains(HttpHeaders.SET_COOKIE)
      && !headers.contains(HttpHeaders.VARY) && body != null && body.length() >= 0
      && body.length() <= cache.maxEntryBytes();
  }

  private static Future<Buffer> collect(Body body) {
    Promise<Buffer> collected = Promise.promise();
    Buffer identity = Buffer.buffer((int) body.length());
    ReadStream<Buffer> stream = body.stream();
    stream.exceptionHandler(collected::tryFail);
    stream.endHandler(v -> collected.tryComplete(identity));
    stream.handler(identity::appendBuffer);
    stream.resume();
    return collected.future();
  }

  /** Writes the bundle (or 304) into {@code response}: the best coding the browser accepts. */
  private Future<ProxyResponse> answer(ProxyContext context, ProxyResponse response, String key, CachedAsset asset,
                                       boolean hit) {
    context.set(ANSWERED, Boolean.TRUE);
    HttpServerRequest client = context.request().proxiedRequest();
    long identity = asset.identity().length();
    if (ConditionalRequest.notModified(client, asset)) {
      if (hit) {
        cache.hit(identity);
      } else {
        cache.saved(identity);
      }
      AssetResponses.notModified(response, asset);
      return Future.succeededFuture(response);
    }
    ContentCoding coding = asset.compressible()
      ? ContentCoding.negotiate(client.getHeader(HttpHeaders.ACCEPT_ENCODING), offered) : null;
    Future<Buffer> body = coding == null
      ? Future.succeededFuture(asset.identity())
      : onContext(variant(key, asset, coding), Vertx.currentContext());
    return body.recover(err -> Future.succeededFuture(asset.identity())).map(sent -> {
      ContentCoding used = sent == asset.identity() ? null : coding;
      if (hit) {
        cache.hit(identity - sent.length());
      } else {
        cache.saved(identity - sent.length());
      }
      AssetResponses.full(response, asset, used, sent);
      return response;
    });
  }

  private CompletableFuture<Buffer> variant(String key, CachedAsset asset, ContentCoding coding) {
    return asset.variant(coding, () -> vertx.executeBlocking(
        () -> Buffer.buffer(Compressors.compress(coding, asset.identity().getBytes())), false)
      .onSuccess(made -> cache.grew(key, asset, made.length()))
      .toCompletionStage().toCompletableFuture());
  }

  /**
   * @return the answer on the request's context: at once when it is there already (every hit),
   *     else when it comes (another request's fetch, a compression on a worker thread)
   */
  static <T> Future<T> onContext(CompletableFuture<T> answer, Context context) {
    if (answer.isDone() && !answer.isCompletedExceptionally()) {
      return Future.succeededFuture(answer.getNow(null));
    }
    return Future.fromCompletionStage(answer, context);
  }
}
