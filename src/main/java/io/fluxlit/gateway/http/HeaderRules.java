package io.fluxlit.gateway.http;

import io.fluxlit.gateway.upstream.HopByHopHeaders;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Hop-by-hop headers stay on their hop, both directions: the client's (and every header its
 * {@code Connection} names, which vertx-http-proxy leaves) are not forwarded, nor are those the
 * upstream's {@code Connection} names; the upstream's {@code X-Request-ID} is dropped, since the
 * gateway's (set on every response) is the only one the client sees.
 */
final class HeaderRules implements ProxyInterceptor {

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HopByHopHeaders.strip(context.request().headers(), false);
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    ProxyResponse response = context.response();
    HopByHopHeaders.stripConnectionTokens(response.headers());
    response.headers().remove(RequestId.HEADER);
    return context.sendResponse();
  }
}
