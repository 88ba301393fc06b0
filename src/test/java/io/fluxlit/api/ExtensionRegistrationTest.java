package io.fluxlit.api;

import ch.qos.logback.classic.Level;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Deployed;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How extensions' routes become known (docs/extensions.md#the-protocol): whatever the start order,
 * across a redeploy, and a conflicting registration refused with a clear line.
 */
@ExtendWith(VertxExtension.class)
class ExtensionRegistrationTest {

  @Test
  void worksWhateverTheStartOrderAndSurvivesARedeploy(Vertx vertx) {
    try (Deployed first = Deployed.verticle(vertx, new ExtensionRoutesTest.UsersVerticle());
         Gateway gateway = Gateway.start(vertx, new JsonObject())) {
      Http http = new Http(vertx, gateway.port());
      // The extension started first: the API verticle's sync request made it announce again.
      Conditions.waitUntil(() -> http.get("/api/users/7").status() == 200, 10, "routes of an earlier extension");
      first.close();
      try (Deployed second = Deployed.verticle(vertx, new ExtensionRoutesTest.UsersVerticle())) {
        Conditions.waitUntil(() -> http.get("/api/users/8").status() == 200, 10, "routes after a redeploy");
      }
    }
  }

  @Test
  void refusesAConflictingRegistrationWithAClearLine(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject());
         Deployed users = Deployed.verticle(vertx, new ExtensionRoutesTest.UsersVerticle());
         CapturedLogs logs = new CapturedLogs("fluxlit.api", Level.WARN)) {
      Http http = new Http(vertx, gateway.port());
      Conditions.waitUntil(() -> http.get("/api/users/1").status() == 200, 10, "the routes to be registered");
      // Same route, other route set (hence other address): refused, the first keeps serving.
      ApiRoutes rival = ApiRoutes.on(vertx).get("/users/:id", req -> new JsonObject().put("rival", true))
        .get("/other", req -> "x");
      rival.register().await();
      Conditions.waitUntil(() -> logs.events().stream().anyMatch(e ->
        e.getFormattedMessage().startsWith("extension route GET /users/:id refused")), 10, "the refusal line");
      assertThat(http.get("/api/users/1").json().containsKey("rival")).isFalse();
      assertThat(http.get("/api/other").text()).isEqualTo("x");
      rival.unregister().await();
    }
  }
}
