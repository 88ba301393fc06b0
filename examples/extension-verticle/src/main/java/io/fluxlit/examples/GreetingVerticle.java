package io.fluxlit.examples;

import io.fluxlit.api.ApiRoutes;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FluxLit extension: two API routes, one line each.
 *
 * <ul>
 *   <li>{@code GET /api/greet/:name} answers {@code {"greeting":"Hello, <name>","request_id":"<id>"}}</li>
 *   <li>{@code POST /api/echo} answers the JSON body back</li>
 * </ul>
 *
 * Run it in the gateway's JVM ({@code FLUXLIT_EXTENSIONS=io.fluxlit.examples.GreetingVerticle}) or
 * in its own JVM on a clustered bus ({@code io.fluxlit.Main extension io.fluxlit.examples.GreetingVerticle}).
 */
public final class GreetingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("examples.greeting");

  @Override
  public Future<?> start() {
    return ApiRoutes.on(vertx)
      .get("/greet/:name", "Greets someone by name", req -> {
        // The request ID is bound here: this line carries it in text and JSON logs.
        LOG.info("greeting {}", req.param("name"));
        return new JsonObject().put("greeting", "Hello, " + req.param("name")).put("request_id", RequestId.current());
      })
      .post("/echo", "Echoes a JSON body", req -> req.bodyAsJson())
      .register();
  }
}
