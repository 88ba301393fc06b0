package io.fluxlit.gateway;

import io.fluxlit.config.Settings;
import io.fluxlit.logging.RequestId;
import io.fluxlit.tracing.TraceHook;
import io.fluxlit.tracing.UpstreamSpans;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP hop to Streamlit, built on vertx-http-proxy (SPEC §3). The proxy streams bodies with
 * back-pressure in both directions; this class adds what FluxLit needs on top through one
 * interceptor: the normalised target path, the header rules, the request-body limit, and 502/504
 * answers that name the request ID.
 */
public final class StreamlitHttpProxy implements ProxyInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final Upstream upstream;
  private final DispatchRules rules;
  private final ForwardedHeaders forwarded;
  private final long maxBodyBytes;
  private final HttpProxy proxy;

  private StreamlitHttpProxy(Vertx vertx, Upstream upstream, Settings settings, DispatchRules rules,
                             ForwardedHeaders forwarded) {
    this.upstream = upstream;
    this.rules = rules;
    this.forwarded = forwarded;
    this.maxBodyBytes = settings.maxProxyRequestBodyBytes();
    HttpClient client = vertx.httpClientBuilder()
      .with(new HttpClientOptions()
        .setSsl(upstream.ssl())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.upstreamConnectTimeoutMs()))
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setDecompressionSupported(false))
      .with(new PoolOptions().setHttp1MaxSize(settings.upstreamMaxConnections()))
      // An upstream that resets a connection fails the exchange on it, which answers 502 or cuts
      // the client's response short; without a handler Vert.x also logs each reset at ERROR
      // (docs/reliability.md, reset_mid_body).
      .withConnectHandler(connection -> connection.exceptionHandler(
        err -> LOG.debug("upstream connection error: {}", err.toString())))
      .build();
    SocketAddress server = SocketAddress.inetSocketAddress(upstream.port(), upstream.host());
    long connectTimeout = settings.upstreamConnectTimeoutMs();
    long readTimeout = settings.upstreamReadTimeoutMs();
    // WebSockets are relayed by StreamlitWebSocketRelay (the tunnel has no flow control or close codes).
    this.proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
      // Time to get a pooled or new connection (UpstreamConnectionWait), then idle time between
      // bytes (not total).
      .origin(ctx -> UpstreamConnectionWait.bounded(vertx, ctx.client().request(new RequestOptions()
        .setServer(server)
        .setHost(upstream.host())
        .setPort(upstream.port())
        .setIdleTimeout(readTimeout)), connectTimeout))
      .addInterceptor(this);
  }

  /**
   * @param vertx the gateway verticle's Vert.x
   * @param upstream where Streamlit listens
   * @param settings gateway settings
   * @param rules dispatch rules (to compute the forwarded path)
   * @param forwarded the forwarding-header writer
   * @return a proxy; call {@link #handle(HttpServerRequest)} per request
   */
  public static StreamlitHttpProxy create(Vertx vertx, Upstream upstream, Settings settings,
                                          DispatchRules rules, ForwardedHeaders forwarded) {
    return new StreamlitHttpProxy(vertx, upstream, settings, rules, forwarded);
  }

  /**
   * Proxies one request; the response is written when the upstream answers.
   *
   * @param request a request dispatched to Streamlit
   */
  public void handle(HttpServerRequest request) {
    proxy.handle(request);
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    HttpServerRequest client = request.proxiedRequest();
    String query = client.query();
    String path = upstream.basePath() + rules.route(client.path()).streamlitPath();
    request.setURI(query == null ? path : path + "?" + query);

    String publicHost = ForwardedHeaders.publicHost(client, upstream.authority());
    HostAndPort authority = HostAndPort.parseAuthority(publicHost, -1);
    request.setAuthority(authority != null ? authority : HostAndPort.create(upstream.host(), upstream.port()));
    HopByHopHeaders.strip(request.headers(), false);
    forwarded.write(request.headers(), client, publicHost);
    String requestId = RequestId.current();
    request.headers().set(RequestId.HEADER, requestId);

    if (maxBodyBytes > 0 && hasBody(client)) {
      long declared = BoundedBody.declaredLength(client);
      if (declared > maxBodyBytes) {
        return Future.succeededFuture(tooLarge(request));
      }
      if (declared < 0) {
        // Unknown length (chunked): buffer up to the limit so the upstream is never contacted
        // with a body that turns out too large (reference behaviour).
        return BoundedBody.read(client, maxBodyBytes)
          .compose(body -> {
            request.setBody(Body.body(body));
            return send(context, requestId);
          }, err -> err instanceof BoundedBody.TooLarge
            ? Future.succeededFuture(tooLarge(request))
            : Future.failedFuture(err));
      }
    }
    return send(context, requestId);
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    ProxyResponse response = context.response();
    // Headers named in the upstream's Connection header are hop-by-hop too.
    HopByHopHeaders.stripConnectionTokens(response.headers());
    // The gateway's X-Request-ID (set on every response) is the only one the client sees.
    response.headers().remove(RequestId.HEADER);
    return context.sendResponse();
  }

  private Future<ProxyResponse> send(ProxyContext context, String requestId) {
    ProxyRequest request = context.request();
    TraceHook.Span span = UpstreamSpans.startHttp(request.getMethod().name(), upstream, request.getURI(), requestId);
    Future<ProxyResponse> sent = context.sendRequest();
    UpstreamSpans.endHttp(span, sent);
    return sent.recover(err -> {
      UpstreamFailure failure = UpstreamErrorMapper.classify(err);
      ExchangeObservers.upstreamFailedCurrent(failure);
      LOG.warn("gateway upstream HTTP error for {}{} request_id={}: {} ({})", upstream.baseUrl(),
        pathOnly(request.getURI()), requestId, failure.kind(), err.toString());
      return Future.succeededFuture(request.release().response()
        .setStatusCode(failure.status())
        .setBody(textBody(GatewayResponses.upstreamMessage(failure), requestId)));
    });
  }

  private static ProxyResponse tooLarge(ProxyRequest request) {
    return request.release().response()
      .setStatusCode(413)
      .setBody(textBody(GatewayResponses.PAYLOAD_TOO_LARGE, RequestId.current()));
  }

  /**
   * The proxy takes a response's content type from its Body, not from its headers, and MediaType
   * would respell it; this keeps the reference's exact {@code text/plain; charset=utf-8}.
   */
  private static Body textBody(String message, String requestId) {
    Buffer bytes = Buffer.buffer(GatewayResponses.body(message, requestId));
    return new Body() {
      @Override
      public String mediaType() {
        return GatewayResponses.TEXT_PLAIN;
      }

      @Override
      public long length() {
        return bytes.length();
      }

      @Override
      public io.vertx.core.streams.ReadStream<Buffer> stream() {
        return Body.body(bytes).stream();
      }
    };
  }

  private static boolean hasBody(HttpServerRequest request) {
    return request.headers().contains("content-length") || request.headers().contains("transfer-encoding");
  }

  /** The query may carry secrets, so upstream-error warnings log the path only. */
  private static String pathOnly(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
