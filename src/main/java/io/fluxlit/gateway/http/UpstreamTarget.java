package io.fluxlit.gateway.http;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.gateway.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Where the request goes: the upstream's base path, then the normalised path Streamlit expects
 * (with the public sub-path, from the exchange's dispatch decision), then the query as received;
 * the authority is the public host, so Streamlit builds its URLs for the browser.
 */
final class UpstreamTarget implements ProxyInterceptor {

  private final Upstream upstream;

  UpstreamTarget(Upstream upstream) {
    this.upstream = upstream;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    HttpServerRequest client = request.proxiedRequest();
    String query = client.query();
    String path = upstream.basePath() + Exchange.current().route().streamlitPath();
    request.setURI(query == null ? path : path + "?" + query);
    HostAndPort authority = HostAndPort.parseAuthority(ForwardedHeaders.publicHost(client, upstream.authority()), -1);
    request.setAuthority(authority != null ? authority : HostAndPort.create(upstream.host(), upstream.port()));
    return context.sendRequest();
  }
}
