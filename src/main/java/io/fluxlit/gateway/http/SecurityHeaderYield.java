package io.fluxlit.gateway.http;

import io.fluxlit.gateway.edge.SecurityHeaders;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;

/**
 * Streamlit's own security headers win (docs/security.md): the gateway's, already on the client
 * response, are dropped for each one Streamlit set.
 */
final class SecurityHeaderYield implements ProxyInterceptor {

  private final SecurityHeaders securityHeaders;

  SecurityHeaderYield(SecurityHeaders securityHeaders) {
    this.securityHeaders = securityHeaders;
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    securityHeaders.yieldTo(context.response().headers(), context.request().proxiedRequest().response().headers());
    return context.sendResponse();
  }
}
