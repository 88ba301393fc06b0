package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request the API verticle fails to route (here: a route an extension registered without an
 * address) is answered 500 at once with its request ID, not left to the gateway's timeout.
 */
@ExtendWith(VertxExtension.class)
class ApiRouteFailureTest {

  @Test
  void aRouteThatFailsOutrightIsAnswered500AtOnce(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_API_TIMEOUT_S", "10"))) {
      Http http = new Http(vertx, gateway.port());
      JsonObject broken = new JsonObject().put(ExtensionProtocol.ACTION, ExtensionProtocol.REGISTER).put(ExtensionProtocol.OWNER, "broken")
        .put(ExtensionProtocol.ROUTES, new JsonArray().add(new JsonObject().put(ExtensionProtocol.METHOD, "GET").put(ExtensionProtocol.PATH, "/broken")));
      Conditions.waitUntil(() -> {
        vertx.eventBus().publish(Addresses.API_ROUTES, broken);
        return http.get("/api/openapi.json").text().contains("/broken");
      }, 10, "the broken route to be registered");
      long started = System.nanoTime();
      Http.Response response = http.get("/api/broken", "X-Request-ID", "broken-1");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.requestId()).isEqualTo("broken-1");
      assertThat(response.json().getString("request_id")).isEqualTo("broken-1");
    }
  }
}
