package io.fluxlit.tracing;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.logging.Redaction;

import java.util.List;

/**
 * What the request span leaves on its {@link Exchange} ({@link Exchange#traceState()}) for the
 * upstream spans: the hook that started it (so children always go to the same hook), the span
 * itself as their parent, and the query keys to redact in {@code url.full}.
 */
record RequestTrace(TraceHook hook, TraceHook.Span span, List<String> redactedQueryKeys) {

  /**
   * @param exchange a request's exchange, or {@code null}
   * @return its trace, or {@code null} if untraced (tracing off: one field read, nothing allocated)
   */
  static RequestTrace of(Exchange exchange) {
    return exchange != null && exchange.traceState() instanceof RequestTrace trace ? trace : null;
  }

  /**
   * @param scheme e.g. {@code http://}
   * @param authority {@code host:port}
   * @param uri path and optional query, as sent upstream
   * @return the URL with the values of sensitive query keys redacted, as the access log does
   */
  String url(String scheme, String authority, String uri) {
    int q = uri.indexOf('?');
    if (q < 0) {
      return scheme + authority + uri;
    }
    String query = Redaction.query(uri.substring(q + 1), redactedQueryKeys);
    return scheme + authority + uri.substring(0, q) + (query.isEmpty() ? "" : "?" + query);
  }
}
