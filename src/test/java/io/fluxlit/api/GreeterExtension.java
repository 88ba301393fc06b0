package io.fluxlit.api;

import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A public extension verticle deployable by class name (FLUXLIT_EXTENSIONS, or the
 * {@code extension} command) in tests. It logs each greeting, so tests find the request ID in
 * the extension's own log line.
 */
public final class GreeterExtension extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("tests.greeter");

  @Override
  public Future<?> start() {
    return ApiRoutes.on(vertx)
      .get("/greet/:name", req -> {
        LOG.info("greeting {}", req.param("name"));
        return new JsonObject().put("greeting", "Hello, " + req.param("name")).put("request_id", RequestId.current());
      })
      .register();
  }
}
