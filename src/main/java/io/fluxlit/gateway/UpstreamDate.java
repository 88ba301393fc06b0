package io.fluxlit.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Keeps Streamlit's {@code Date} on proxied responses. vertx-http-proxy parses it and writes it
 * again with {@code RFC_1123_DATE_TIME}, which prints a one-digit day ({@code Tue, 1 Dec 2026});
 * RFC 9110's IMF-fixdate wants two, and the origin's own value is the one to pass on anyway.
 */
final class UpstreamDate {

  /** IMF-fixdate (RFC 9110 §5.6.7), for a response that came without a Date. */
  private static final DateTimeFormatter IMF_FIXDATE =
    DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private UpstreamDate() {
  }

  /**
   * Puts the upstream's Date (or now, as IMF-fixdate) back just before the head is written,
   * after the proxy has set its own. Nothing else on this path sets a headers-end handler
   * (Vert.x Web's routing context would only for {@code addHeadersEndHandler}, unused here).
   *
   * @param upstream the headers Streamlit answered with
   * @param client the response to the client
   */
  static void keep(MultiMap upstream, HttpServerResponse client) {
    String date = upstream.get("date");
    String value = date != null ? date : IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    client.headersEndHandler(v -> client.headers().set("date", value));
  }
}
