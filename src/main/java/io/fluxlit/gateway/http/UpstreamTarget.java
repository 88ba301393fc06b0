package io.fluxlit.gateway.http;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.util.function.Function;

/**
 * Where the request goes: the Streamlit worker chosen for its exchange (docs/scaling.md), kept on
 * the proxy context for the interceptors after this one and the origin; then the upstream's base path, then the normalised path Streamlit expects
 * (with the public sub-path, from the exchange's dispatch decision), then the query as received;
 * the authority is the public host, so Streamlit builds its URLs for the browser.
 */
final class UpstreamTarget implements ProxyInterceptor {

  private static final String KEY = "fluxlit.upstream";

  private final Function<Exchange, Upstream> upstreams;

  /** @param upstreams the upstream of an exchange ({@code null}: its worker is gone) */
  UpstreamTarget(Function<Exchange, Upstream> upstreams) {
    this.upstreams = upstreams;
  }

  /** @return the upstream this interceptor chose for the request */
  static Upstream of(ProxyContext context) {
    return context.get(KEY, Upstream.class);
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    Exchange exchange = Exchange.current();
    Upstream upstream = upstreams.apply(exchange);
    if (upstream == null) {
      // Its worker left the pool since it was chosen: the browser is re-pinned next time.
      return Future.succeededFuture(request.release().response().setStatusCode(502)
        .setBody(UpstreamErrors.textBody(GatewayResponses.NO_WORKER, exchange.requestId())));
    }
    context.set(KEY, upstream);
    HttpServerRequest client = request.proxiedRequest();
    String query = client.query();
    String path = upstream.basePath() + Exchange.current().route().streamlitPath();
    request.setURI(query == null ? path : path + "?" + query);
    HostAndPort authority = HostAndPort.parseAuthority(ForwardedHeaders.publicHost(client, upstream.authority()), -1);
    request.setAuthority(authority != null ? authority : HostAndPort.create(upstream.host(), upstream.port()));
    return context.sendRequest();
  }
}
