package io.fluxlit.gateway.http;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.exchange.UpstreamFailure;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.gateway.upstream.UpstreamErrorMapper;
import io.fluxlit.tracing.TraceHook;
import io.fluxlit.tracing.UpstreamSpans;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send to Streamlit itself, innermost of the interceptors: its upstream span, and an upstream
 * that cannot answer (refused, timed out, broken) turned into 502 or 504 with a body naming the
 * request ID, one WARNING, and the observers told.
 */
final class UpstreamErrors implements ProxyInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final ExchangeObservers observers;

  UpstreamErrors(ExchangeObservers observers) {
    this.observers = observers;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    Exchange exchange = Exchange.current();
    Upstream upstream = UpstreamTarget.of(context);
    TraceHook.Span span = UpstreamSpans.startHttp(exchange, request.getMethod().name(), upstream, request.getURI());
    Future<ProxyResponse> sent = context.sendRequest();
    UpstreamSpans.endHttp(span, sent);
    return sent.recover(err -> {
      if (request.proxiedRequest().response().closed()) {
        // The browser left first, and the proxy reset the upstream request for it: not Streamlit's
        // failure, so no WARNING and no upstream-failure count (docs/observability.md).
        LOG.debug("client left before {}{} answered: {}", upstream.baseUrl(), pathOnly(request.getURI()), err.toString());
        return Future.failedFuture(err);
      }
      UpstreamFailure failure = UpstreamErrorMapper.classify(err);
      observers.upstreamFailed(exchange, failure);
      LOG.warn("gateway upstream HTTP error for {}{}: {} ({})", upstream.baseUrl(), pathOnly(request.getURI()),
        failure.kind(), err.toString());
      return Future.succeededFuture(request.release().response()
        .setStatusCode(failure.status())
        .setBody(textBody(GatewayResponses.upstreamMessage(failure), exchange.requestId())));
    });
  }

  /**
   * The proxy takes a response's content type from its Body, not from its headers, and the
   * {@code MediaType} overload would respell it; this keeps the exact {@code text/plain; charset=utf-8}.
   */
  static Body textBody(String message, String requestId) {
    Buffer bytes = Buffer.buffer(GatewayResponses.body(message, requestId));
    return Body.body(Body.body(bytes).stream(), bytes.length(), GatewayResponses.TEXT_PLAIN);
  }

  /** The query may carry secrets, so upstream-error warnings log the path only. */
  private static String pathOnly(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
