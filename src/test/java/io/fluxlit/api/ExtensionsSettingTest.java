package io.fluxlit.api;

import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.FluxLitVerticle;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FLUXLIT_EXTENSIONS deploys extension verticles from the class path in the gateway's JVM. */
@ExtendWith(VertxExtension.class)
class ExtensionsSettingTest {

  @Test
  void deploysTheNamedExtensionsAndServesTheirRoutes(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_EXTENSIONS", GreeterExtension.class.getName()))) {
      Http http = new Http(vertx, gateway.port());
      Conditions.waitUntil(() -> http.get("/api/greet/Ada").status() == 200, 10, "the extension's route");
      assertThat(http.get("/api/greet/Ada", "X-Request-ID", "ext-1").json())
        .isEqualTo(new JsonObject().put("greeting", "Hello, Ada").put("request_id", "ext-1"));
    }
  }

  @Test
  void aMissingExtensionStopsStartUpNamingIt(Vertx vertx) {
    JsonObject config = new JsonObject()
      .put("FLUXLIT_GATEWAY_PORT", Integer.toString(TestEnvironment.freePort()))
      .put("FLUXLIT_EXTENSIONS", "com.example.Missing");
    assertThatThrownBy(() -> vertx.deployVerticle(new FluxLitVerticle(), new DeploymentOptions().setConfig(config)).await())
      .hasMessageContaining("FLUXLIT_EXTENSIONS: extension com.example.Missing failed to deploy");
  }
}
