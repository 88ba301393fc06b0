package io.fluxlit.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Keeps Streamlit's {@code Date} on proxied responses. vertx-http-proxy parses it and writes it
 * again with {@code RFC_1123_DATE_TIME}, which prints a one-digit day ({@code Tue, 1 Dec 2026});
 * RFC 9110's IMF-fixdate wants two, and the origin's own value is the one to pass on anyway.
 */
final class UpstreamDate implements ProxyInterceptor {

  /** IMF-fixdate (RFC 9110 §5.6.7), for a response that came without a Date. */
  private static final DateTimeFormatter IMF_FIXDATE =
    DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /**
   * Puts the upstream's Date (or now, as IMF-fixdate) back just before the head is written,
   * after the proxy has set its own. The router's headers-end handlers do not run for these responses, so CompressionRules
   * decides on them as an interceptor.
   */
  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    String date = context.response().headers().get("date");
    String value = date != null ? date : IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    HttpServerResponse client = context.request().proxiedRequest().response();
    client.headersEndHandler(v -> client.headers().set("date", value));
    return context.sendResponse();
  }
}
