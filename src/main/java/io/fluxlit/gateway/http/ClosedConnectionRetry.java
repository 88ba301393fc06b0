package io.fluxlit.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Sends a request without a body once more, on another connection, when Streamlit closed the
 * connection it went on before answering a byte: the upstream's keep-alive timer fired as the
 * request arrived. Uvicorn arms that timer (5 s) when a response is queued, not when it is read,
 * so under load a connection handed straight from one response to the next request can be closed
 * under it (docs/performance.md, the cold crowd). Innermost interceptor, so that the second send
 * goes straight to the origin. Written by hand: neither vertx-http-proxy nor Vert.x's client
 * retries; HAProxy's {@code retry-on empty-response} and nginx's retry on a cached keep-alive
 * connection are the models. Only GET, HEAD and OPTIONS without a body, once.
 */
final class ClosedConnectionRetry implements ProxyInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");
  private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    Future<ProxyResponse> sent = context.sendRequest();
    ProxyRequest request = context.request();
    if (!retryable(request)) {
      return sent;
    }
    return sent.recover(err -> {
      // The proxy also fails the upstream request with the browser's own HttpClosedException when
      // the browser leaves: nobody is left to answer then.
      if (!(err instanceof HttpClosedException) || request.proxiedRequest().response().closed()) {
        return Future.failedFuture(err);
      }
      LOG.debug("upstream closed the connection before answering {} {}: sending it once more",
        request.getMethod(), request.getURI());
      // The client's (empty) body was read by the first send; the second sends none.
      request.setBody(null);
      return context.sendRequest();
    });
  }

  private static boolean retryable(ProxyRequest request) {
    var headers = request.proxiedRequest().headers();
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    return IDEMPOTENT.contains(request.getMethod()) && !headers.contains(HttpHeaders.TRANSFER_ENCODING)
      && (length == null || length.equals("0"));
  }
}
