package io.fluxlit.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** An extension whose routes declare what they need (docs/auth.md#jwt-on-the-api); each answers its caller. */
public final class ProtectedRoutesExtension extends VerticleBase {

  @Override
  public Future<?> start() {
    return ApiRoutes.on(vertx)
      .get("/open", req -> caller(req))
      .get("/me", RouteAccess.token(), ProtectedRoutesExtension::caller)
      .get("/reports", RouteAccess.scopes("reports:read", "reports:write"), ProtectedRoutesExtension::caller)
      .get("/admin", RouteAccess.roles("admin", "ops"), ProtectedRoutesExtension::caller)
      .get("/readers", RouteAccess.roles("reader"), ProtectedRoutesExtension::caller)
      .register();
  }

  static JsonObject caller(ApiRequest request) {
    ApiUser user = request.user();
    return new JsonObject().put("claims", request.claims()).put("user", user == null ? null : user.toJson());
  }
}
