package io.fluxlit.gateway.signin;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.SignIn;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.logging.RequestId;
import io.vertx.ext.web.RoutingContext;

/**
 * The gate's answers: every refusal carries the request ID (header and body) and names its
 * reason on the exchange ({@link SignIn#REFUSAL}, the metric's label); pages for browsers, plain text for scripts. Never cached.
 */
final class GateAnswers {

  /** Refusal reasons, the {@code reason} label of {@code fluxlit_auth_refusals_total}. */
  static final String NO_SESSION = "no_session";
  static final String NOT_ALLOWED = "not_allowed";
  static final String BAD_STATE = "bad_state";
  static final String BAD_CODE = "bad_code";
  static final String BAD_NONCE = "bad_nonce";
  static final String PROVIDER_ERROR = "provider_error";
  static final String PROVIDER_DOWN = "provider_down";

  private static final String EXCHANGE = "fluxlit.signin.exchange";

  private GateAnswers() {
  }

  /**
   * @param ctx the request, on its own context
   * @param exchange its exchange, kept for the steps that answer after a call to the provider
   */
  static void keepExchange(RoutingContext ctx, Exchange exchange) {
    ctx.put(EXCHANGE, exchange);
  }

  /** @return the request's exchange, as {@link #keepExchange} kept it */
  static Exchange exchangeOf(RoutingContext ctx) {
    Exchange kept = ctx.get(EXCHANGE);
    return kept != null ? kept : Exchange.current();
  }

  /**
   * @param ctx the request
   * @param status the status
   * @param reason a refusal reason above
   * @param message what a person reads
   * @param page whether a browser shows it as a page (HTML), else plain text
   */
  static void refuse(RoutingContext ctx, int status, String reason, String message, boolean page) {
    Exchange exchange = exchangeOf(ctx);
    exchange.attach(SignIn.REFUSAL, reason);
    String requestId = exchange.requestId();
    noStore(ctx).setStatusCode(status);
    if (page) {
      ctx.response().putHeader("content-type", "text/html; charset=utf-8")
        .end("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + status + "</title></head><body>"
          + "<h1>" + escape(message) + "</h1><p>" + RequestId.HEADER + ": <code>" + escape(requestId)
          + "</code></p></body></html>\n");
    } else {
      ctx.response().putHeader("content-type", GatewayResponses.TEXT_PLAIN).end(GatewayResponses.body(message, requestId));
    }
  }

  /**
   * @param ctx the request
   * @param location where to send the browser
   */
  static void redirect(RoutingContext ctx, String location) {
    noStore(ctx).setStatusCode(302).putHeader("location", location).end();
  }

  static io.vertx.core.http.HttpServerResponse noStore(RoutingContext ctx) {
    return ctx.response().putHeader("cache-control", "no-store");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
