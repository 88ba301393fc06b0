package io.fluxlit.gateway.http;

import io.fluxlit.config.AssetSettings;
import io.fluxlit.config.UpstreamSettings;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.gateway.edge.SecurityHeaders;
import io.fluxlit.gateway.http.assets.AssetCache;
import io.fluxlit.gateway.http.assets.CachedAssets;
import io.fluxlit.gateway.http.assets.CompressionRules;
import io.fluxlit.gateway.http.assets.Compressors;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP hop to Streamlit, built on vertx-http-proxy (docs/architecture.md#the-http-hop). The
 * proxy streams bodies with back-pressure in both directions; FluxLit's rules are its
 * interceptors, one per concern, in the order a request passes them: {@link UpstreamTarget} (the
 * worker, path and authority), {@link HeaderRules} (hop-by-hop headers, both directions),
 * with compression on {@link CompressionRules} (Streamlit sends plain bodies; which responses the
 * gateway compresses), with the asset cache on {@link CachedAssets} (Streamlit's immutable bundles
 * from memory), {@link ForwardingHeaders} ({@code X-Forwarded-*} and the request ID),
 * {@link BodyLimit} (413), {@link UpstreamErrors} (the send itself: its span, and 502/504 answers),
 * {@link SecurityHeaderYield} (Streamlit's own security headers win), {@link UpstreamDate}
 * (Streamlit's {@code Date} kept) and innermost {@link ClosedConnectionRetry} (a bodiless request
 * whose connection Streamlit closed unanswered is sent once more); a response passes them in reverse.
 * {@link UpstreamConnectionWait} bounds the wait for a connection to the worker.
 */
public final class StreamlitHttpProxy {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private static final int MAX_ADDRESSES = 64;

  private final HttpProxy proxy;
  private final Map<Upstream, SocketAddress> addresses = new HashMap<>();
  /** The name of the upstream client the gateway instances share under a per-process cap. */
  private static final String SHARED_CLIENT = "fluxlit-upstream";

  /**
   * @param vertx the gateway verticle's Vert.x
   * @param upstreams where each exchange goes: the worker the gateway chose for it ({@code null}
   *     when that worker has left the pool)
   * @param settings the upstream hop's settings
   * @param forwarded the forwarding-header writer
   * @param observers told about upstream failures
   * @param securityHeaders the gateway's security headers, which yield to Streamlit's own
   * @param assets compression and the asset cache
   * @param assetCache the process's asset cache (used when the settings turn it on)
   * @param rootPath the public sub-path, or the empty string
   */
  public StreamlitHttpProxy(Vertx vertx, Function<Exchange, Upstream> upstreams, UpstreamSettings settings,
                            ForwardedHeaders forwarded, ExchangeObservers observers, SecurityHeaders securityHeaders,
                            AssetSettings assets, AssetCache assetCache, String rootPath) {
    HttpClient client = vertx.httpClientBuilder()
      .with(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeoutMs()))
        .setKeepAlive(true)
        // Let go of an idle connection before the upstream does: Uvicorn closes one after 5 s, and a
        // request sent on it as it closes fails (docs/performance.md, the cold crowd).
        .setKeepAliveTimeout(settings.keepAliveTimeoutS())
        .setTcpNoDelay(true)
        .setDecompressionSupported(false)
        // FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS caps the whole process, as in the Python FluxLit:
        // then every gateway instance uses one pool (Vert.x's shared client), else each its own.
        .setShared(settings.maxConnectionsPerProcess())
        .setName(SHARED_CLIENT))
      .with(new PoolOptions().setHttp1MaxSize(settings.maxConnections()))
      // An upstream that resets a connection fails the exchange on it, which answers 502 or cuts
      // the client's response short; without a handler Vert.x also logs each reset at ERROR
      // (docs/reliability.md, finding 1).
      .withConnectHandler(connection -> connection.exceptionHandler(
        err -> LOG.debug("upstream connection error: {}", err.toString())))
      .build();
    long connectTimeout = settings.connectTimeoutMs();
    long readTimeout = settings.readTimeoutMs();
    // WebSockets are relayed by StreamlitWebSocketRelay (the tunnel has no flow control or close codes).
    this.proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
      // The origin is chosen per request: the one UpstreamTarget put on the proxy context.
      // Time to get a pooled or new connection (UpstreamConnectionWait), then idle time between
      // bytes (not total).
      .origin(ctx -> UpstreamConnectionWait.bounded(vertx, ctx.client().request(origin(UpstreamTarget.of(ctx))
        .setIdleTimeout(readTimeout)).onSuccess(upstream -> upstream.exceptionHandler(err ->
          // E.g. the client stopped sending its body and was cut (ConnectionDeadlines): the
          // exchange's own failure path answers it; without a handler Vert.x logs this at ERROR.
          LOG.debug("upstream request failed: {}", err.toString()))), connectTimeout))
      .addInterceptor(new UpstreamTarget(upstreams))
      .addInterceptor(new HeaderRules());
    if (assets.compression()) {
      proxy.addInterceptor(new CompressionRules(Compressors.streaming()));
    }
    if (assets.cache()) {
      proxy.addInterceptor(new CachedAssets(vertx, assetCache, client, rootPath,
        assets.compression()));
    }
    proxy.addInterceptor(new ForwardingHeaders(forwarded))
      .addInterceptor(new BodyLimit(settings.maxRequestBodyBytes()))
      .addInterceptor(new UpstreamErrors(observers))
      .addInterceptor(new SecurityHeaderYield(securityHeaders))
      .addInterceptor(new UpstreamDate())
      .addInterceptor(new ClosedConnectionRetry());
  }

  private RequestOptions origin(Upstream upstream) {
    // One address per worker, not one per request (an IP literal is parsed into a new InetAddress
    // each time). Event-loop confined: one proxy per gateway instance. Reloads add workers, so
    // the map is emptied now and then rather than kept forever.
    if (addresses.size() > MAX_ADDRESSES) {
      addresses.clear();
    }
    SocketAddress server = addresses.computeIfAbsent(upstream,
      u -> SocketAddress.inetSocketAddress(u.port(), u.host()));
    return new RequestOptions()
      .setServer(server)
      .setHost(upstream.host())
      .setPort(upstream.port())
      .setSsl(upstream.ssl());
  }

  /**
   * Proxies one request; the response is written when the upstream answers.
   *
   * @param request a request dispatched to Streamlit, its exchange bound to its context
   */
  public void handle(HttpServerRequest request) {
    proxy.handle(request);
  }
}
