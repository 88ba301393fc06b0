package io.fluxlit.gateway.http;

import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * {@code FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES}: a larger body gets 413 without Streamlit
 * being contacted. A declared length is checked at once; a body of unknown length (chunked) is
 * buffered up to the limit first, so the upstream never sees one that turns out too large.
 */
final class BodyLimit implements ProxyInterceptor {

  private final long maxBodyBytes;

  BodyLimit(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    HttpServerRequest client = request.proxiedRequest();
    if (maxBodyBytes <= 0 || !hasBody(client)) {
      return context.sendRequest();
    }
    long declared = BoundedBody.declaredLength(client);
    if (declared > maxBodyBytes) {
      return Future.succeededFuture(tooLarge(request));
    }
    if (declared >= 0) {
      return context.sendRequest();
    }
    return BoundedBody.read(client, maxBodyBytes)
      .compose(body -> {
        request.setBody(Body.body(body));
        return context.sendRequest();
      }, err -> err instanceof BoundedBody.TooLarge
        ? Future.succeededFuture(tooLarge(request))
        : Future.failedFuture(err));
  }

  private static ProxyResponse tooLarge(ProxyRequest request) {
    return request.release().response()
      .setStatusCode(413)
      .setBody(UpstreamErrors.textBody(GatewayResponses.PAYLOAD_TOO_LARGE, RequestId.current()));
  }

  private static boolean hasBody(HttpServerRequest request) {
    return request.headers().contains("content-length") || request.headers().contains("transfer-encoding");
  }
}
