package io.fluxlit.tracing;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The gateway's hooks for the hop to Streamlit: {@link SpanNames#UPSTREAM_HTTP} around the HTTP
 * send and {@link SpanNames#UPSTREAM_WEBSOCKET} over a relayed session, both children of the
 * request span the {@link TracingObserver} left on the exchange. Gateway glue, not an extension point.
 *
 * <p>Every method accepts and may return {@code null} (untraced): with no hook,
 * {@code start*} returns {@code null} after one field read, having allocated nothing.
 */
public final class UpstreamSpans {

  /** {@link SpanNames#WEBSOCKET_CLOSED_BY} when the browser closed first. */
  public static final String CLOSED_BY_CLIENT = "client";
  /** {@link SpanNames#WEBSOCKET_CLOSED_BY} when Streamlit closed first (or the connection dropped). */
  public static final String CLOSED_BY_UPSTREAM = "upstream";

  private UpstreamSpans() {
  }

  /**
   * Starts the upstream HTTP span, just before the request is sent.
   *
   * @param exchange the request's exchange
   * @param method the method sent upstream
   * @param upstream where Streamlit listens
   * @param uri path and query as sent upstream
   * @return the span, or {@code null} when the request is not traced
   */
  public static TraceHook.Span startHttp(Exchange exchange, String method, Upstream upstream, String uri) {
    RequestTrace parent = RequestTrace.of(exchange);
    if (parent == null) {
      return null;
    }
    String url = parent.url(upstream.ssl() ? "https://" : "http://", upstream.authority(), uri);
    return Spans.start(parent.hook(), SpanNames.UPSTREAM_HTTP, Spans.attributes(
      SpanNames.HTTP_REQUEST_METHOD, method,
      SpanNames.URL_FULL, url,
      SpanNames.FLUXLIT_REQUEST_ID, exchange.requestId()), parent.span());
  }

  /**
   * Ends the upstream HTTP span when the upstream's response head arrives (with its status), or
   * when sending fails (with the error). The response body is not part of the span.
   *
   * @param span from {@link #startHttp}, or {@code null}
   * @param response the proxy's pending upstream response
   */
  public static void endHttp(TraceHook.Span span, Future<ProxyResponse> response) {
    if (span == null) {
      return;
    }
    response.onComplete(ar -> {
      if (ar.succeeded()) {
        Spans.set(span, SpanNames.HTTP_RESPONSE_STATUS_CODE, (long) ar.result().getStatusCode());
        Spans.end(span);
      } else {
        Spans.end(span, ar.cause());
      }
    });
  }

  /**
   * Starts the upstream WebSocket span, just before connecting.
   *
   * @param exchange the session's exchange
   * @param upstream where Streamlit listens
   * @param uri path and query of the handshake
   * @return the span, or {@code null} when the session is not traced
   */
  public static TraceHook.Span startWebSocket(Exchange exchange, Upstream upstream, String uri) {
    RequestTrace parent = RequestTrace.of(exchange);
    if (parent == null) {
      return null;
    }
    String url = parent.url(upstream.ssl() ? "wss://" : "ws://", upstream.authority(), uri);
    TraceHook.Span span = Spans.start(parent.hook(), SpanNames.UPSTREAM_WEBSOCKET, Spans.attributes(
      SpanNames.HTTP_REQUEST_METHOD, "GET",
      SpanNames.URL_FULL, url,
      SpanNames.FLUXLIT_REQUEST_ID, exchange.requestId()), parent.span());
    // Both sides' close handlers end it; only the first counts.
    return span == null ? null : new Spans.Once(span);
  }

  /**
   * Ends the upstream WebSocket span when the session ends; later calls are ignored.
   *
   * @param span from {@link #startWebSocket}, or {@code null}
   * @param closeCode the close code the closing side sent, or {@code null}
   * @param closedBy {@link #CLOSED_BY_CLIENT} or {@link #CLOSED_BY_UPSTREAM}
   */
  public static void endWebSocket(TraceHook.Span span, Short closeCode, String closedBy) {
    if (span == null) {
      return;
    }
    Spans.set(span, SpanNames.HTTP_RESPONSE_STATUS_CODE, 101L);
    if (closeCode != null) {
      Spans.set(span, SpanNames.WEBSOCKET_CLOSE_CODE, (long) closeCode);
    }
    Spans.set(span, SpanNames.WEBSOCKET_CLOSED_BY, closedBy);
    Spans.end(span);
  }

  /**
   * Ends an upstream span that failed: refused or timed-out connection, rejected handshake
   * (its status is recorded), or a browser handshake that failed after the upstream's.
   *
   * @param span an upstream span, or {@code null}
   * @param error what went wrong
   */
  public static void fail(TraceHook.Span span, Throwable error) {
    if (span == null) {
      return;
    }
    if (error instanceof UpgradeRejectedException rejected) {
      Spans.set(span, SpanNames.HTTP_RESPONSE_STATUS_CODE, (long) rejected.getStatus());
    }
    Spans.end(span, error);
  }
}
