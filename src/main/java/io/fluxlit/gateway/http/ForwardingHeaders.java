package io.fluxlit.gateway.http;

import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.logging.RequestId;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/** What the gateway tells Streamlit about the request: the {@code X-Forwarded-*} headers and the request ID. */
final class ForwardingHeaders implements ProxyInterceptor {

  private final ForwardedHeaders forwarded;

  ForwardingHeaders(ForwardedHeaders forwarded) {
    this.forwarded = forwarded;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    HttpServerRequest client = request.proxiedRequest();
    Upstream upstream = UpstreamTarget.of(context);
    forwarded.write(request.headers(), client, ForwardedHeaders.publicHost(client, upstream.authority()));
    request.headers().set(RequestId.HEADER, RequestId.current());
    return context.sendRequest();
  }
}
