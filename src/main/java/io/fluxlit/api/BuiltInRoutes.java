package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/**
 * The routes the API verticle answers itself: {@code GET /healthz} (liveness, always 200 while
 * the process serves), {@code GET /readyz} (asks the health verticle), {@code GET /openapi.json},
 * Swagger UI under {@code /docs} and the {@code /redoc} redirect. Other methods on them get 405.
 */
final class BuiltInRoutes {

  private final Vertx vertx;
  private final String openApiServer;
  private final SwaggerUi swaggerUi;
  private final RouteTable routes;

  /**
   * @param vertx for the readiness question
   * @param openApiServer the public API prefix, e.g. {@code /myapp/api}
   * @param swaggerUi the loaded Swagger UI pages
   * @param routes the extension routes the OpenAPI document lists
   */
  BuiltInRoutes(Vertx vertx, String openApiServer, SwaggerUi swaggerUi, RouteTable routes) {
    this.vertx = vertx;
    this.openApiServer = openApiServer;
    this.swaggerUi = swaggerUi;
    this.routes = routes;
  }

  /**
   * @param path the path under the API mount
   * @return whether it is a probe, which never needs a caller (docs/auth.md)
   */
  static boolean isProbe(String path) {
    return path.equals("/healthz") || path.equals("/readyz");
  }

  /**
   * @param path the path under the API mount
   * @return whether {@link #answer} answers it
   */
  boolean serves(String path) {
    return isProbe(path) || path.equals("/openapi.json") || path.equals("/redoc") || path.equals("/redoc/")
      || path.startsWith("/docs") && swaggerUi.reply(path) != null;
  }

  /**
   * @param method the request method
   * @param path the path under the API mount
   * @return the reply envelope, or {@code null} when the path is not a built-in route
   */
  Future<JsonObject> answer(String method, String path) {
    return switch (path) {
      case "/healthz" -> onlyGet(method, () -> Future.succeededFuture(
        ApiEnvelope.jsonReply(200, new JsonObject().put("status", "ok"))));
      case "/readyz" -> onlyGet(method, this::readiness);
      case "/openapi.json" -> onlyGet(method, () -> Future.succeededFuture(
        ApiEnvelope.jsonReply(200, OpenApiDocument.of(openApiServer, routes.all()))));
      case "/redoc", "/redoc/" -> onlyGet(method, () -> Future.succeededFuture(ApiEnvelope.jsonReply(307, null)
        .put(ApiEnvelope.HEADERS, new JsonObject().put("location", openApiServer + "/docs"))));
      default -> {
        JsonObject page = path.startsWith("/docs") ? swaggerUi.reply(path) : null;
        yield page == null ? null : onlyGet(method, () -> Future.succeededFuture(page));
      }
    };
  }

  private Future<JsonObject> readiness() {
    return vertx.eventBus().<JsonObject>request(Addresses.HEALTH_READY, null, new DeliveryOptions().setLocalOnly(true))
      .map(Message::body)
      .otherwise(err -> ApiEnvelope.jsonReply(503, new JsonObject()
        .put("status", "not_ready")
        .put("detail", err instanceof ReplyException re ? "health_" + re.failureType().name().toLowerCase() : err.toString())));
  }

  private static Future<JsonObject> onlyGet(String method, Supplier<Future<JsonObject>> action) {
    if ("GET".equals(method) || "HEAD".equals(method)) {
      return action.get();
    }
    return Future.succeededFuture(ApiEnvelope.jsonReply(405, new JsonObject().put("detail", "Method Not Allowed"))
      .put(ApiEnvelope.HEADERS, new JsonObject().put("allow", "GET")));
  }
}
