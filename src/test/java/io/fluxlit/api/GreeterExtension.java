package io.fluxlit.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** A public extension verticle deployable by class name (FLUXLIT_EXTENSIONS) in tests. */
public final class GreeterExtension extends VerticleBase {

  @Override
  public Future<?> start() {
    return ApiRoutes.on(vertx)
      .get("/greet/:name", req -> new JsonObject().put("greeting", "Hello, " + req.param("name")))
      .register();
  }
}
