package io.fluxlit.gateway.edge;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.config.EdgeSettings;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS on the API ({@code FLUXLIT_CORS_ALLOW_ORIGINS}, {@code FLUXLIT_CORS_ALLOW_CREDENTIALS};
 * docs/security.md), on Vert.x Web's {@link CorsHandler}: for a listed origin (or any, with
 * {@code *}) it answers preflights itself, with every method and the request's headers allowed,
 * and adds the CORS headers to the API's answers. Requests outside the API are not touched.
 *
 * <p>What {@link CorsHandler} does not do the Python FluxLit's way is decided here first: a request
 * from an origin not listed is served without CORS headers (the browser then withholds the
 * answer from the page; {@link CorsHandler} would fail it with 403, which would also refuse the
 * same-origin POSTs browsers send with an {@code Origin}), and its preflight is answered
 * {@code 403} with the request ID, never passed to an extension.
 */
public final class ApiCors implements Handler<RoutingContext> {

  /** Every method, as the Python FluxLit allows. */
  private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
    HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private final boolean anyOrigin;
  private final Set<String> origins;
  private final CorsHandler cors;

  private ApiCors(List<String> origins, boolean credentials) {
    this.anyOrigin = origins.contains("*");
    this.origins = Set.copyOf(origins);
    this.cors = (anyOrigin ? CorsHandler.create().addOrigin("*") : CorsHandler.create().addOrigins(origins))
      .allowCredentials(credentials)
      .allowedMethods(METHODS);
  }

  /**
   * @param edge the settings
   * @return the handler, or {@code null} when CORS is off (no origins listed)
   */
  public static ApiCors of(EdgeSettings edge) {
    return edge.corsEnabled() ? new ApiCors(edge.corsAllowOrigins(), edge.corsAllowCredentials()) : null;
  }

  /** Call only for requests dispatched to the API. */
  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader("origin");
    if (origin == null || allows(origin)) {
      cors.handle(ctx);
    } else if (request.method() == HttpMethod.OPTIONS && request.getHeader("access-control-request-method") != null) {
      String requestId = Exchange.current().requestId();
      ctx.response().setStatusCode(403)
        .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
        .end(GatewayResponses.body("Forbidden: CORS preflight from an origin not in FLUXLIT_CORS_ALLOW_ORIGINS",
          requestId));
    } else {
      ctx.next();
    }
  }

  private boolean allows(String origin) {
    return anyOrigin || origins.contains(origin.trim().toLowerCase(Locale.ROOT));
  }
}
