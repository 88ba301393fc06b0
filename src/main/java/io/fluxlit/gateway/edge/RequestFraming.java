package io.fluxlit.gateway.edge;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The one request-framing rule Netty's decoder leaves to us (docs/security.md). The decoder
 * already refuses, with 400, a Content-Length beside Transfer-Encoding, two different
 * Content-Lengths and a malformed one, and unfolds obs-fold continuation lines; but a
 * Transfer-Encoding other than a single {@code chunked} (say {@code gzip}, {@code xchunked} or
 * {@code chunked, chunked}) makes it read no body at all and take the body's bytes for the next
 * request. Such a request is answered {@code 501} with the request ID and its connection closed,
 * before it reaches the API or Streamlit; a single {@code chunked} in any letter case is passed
 * on written {@code chunked}.
 */
public final class RequestFraming implements Handler<RoutingContext> {

  /**
   * Connections refused this way. Requests the decoder read from the same bytes (the "body") are
   * queued behind the refused one and would be dispatched before the close: they are dropped.
   * Weak, so that closed connections leave; one instance per gateway verticle, on its event loop.
   */
  private final Set<HttpConnection> refused = Collections.newSetFromMap(new WeakHashMap<>());

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (refused.contains(request.connection())) {
      request.connection().close();
      return;
    }
    List<String> values = request.headers().getAll("transfer-encoding");
    if (values.isEmpty()) {
      ctx.next();
      return;
    }
    List<String> codings = values.stream()
      .flatMap(v -> java.util.Arrays.stream(v.split(",")))
      .map(c -> c.trim().toLowerCase(Locale.ROOT))
      .filter(c -> !c.isEmpty())
      .toList();
    if (codings.equals(List.of("chunked"))) {
      request.headers().set("transfer-encoding", "chunked");
      ctx.next();
      return;
    }
    String requestId = Exchange.current().requestId();
    refused.add(request.connection());
    ctx.response().setStatusCode(501)
      .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
      .putHeader("connection", "close")
      .end(GatewayResponses.body("Not Implemented: Transfer-Encoding '" + String.join(", ", codings)
        + "' (only a single chunked is accepted)", requestId))
      // The body's length is unknown: nothing after it on this connection can be trusted.
      .onComplete(v -> request.connection().close());
  }
}
