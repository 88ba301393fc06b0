package io.fluxlit.gateway.signin;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code FLUXLIT_AUTH_COOKIE_SECRET} the gate signs its cookies with a random key made once
 * per process ({@link GateProcessState}, handed to every gateway instance): a session begun on one
 * instance is valid on all of them, and a gateway started afresh (a restart) opens none of the
 * sessions of the one before (docs/auth.md#sessions).
 */
class ProcessCookieKeyTest {

  @Test
  void everyInstanceOfAProcessKnowsItsSessionsAndAFreshStartKnowsNone() {
    KeycloakRealm keycloak = KeycloakRealm.shared();
    Vertx vertx = Vertx.vertx();
    try {
      FixtureUpstream upstream = new FixtureUpstream(vertx).start();
      int port = TestEnvironment.freePort();
      String cookie;
      try (Gateway gateway = Gateway.start(vertx, settings(keycloak, port, upstream).put("FLUXLIT_GATEWAY_INSTANCES", "4"))) {
        ScriptedBrowser alice = new ScriptedBrowser();
        assertThat(alice.signIn(gateway.url() + "/page", "alice", "alice-password").statusCode()).isEqualTo(302);
        cookie = GateSessions.COOKIE + "=" + alice.cookie(GateSessions.COOKIE);
        // Each request on a connection of its own: the connections are spread over the four instances.
        for (int i = 0; i < 12; i++) {
          assertThat(ScriptedBrowser.fetchWithCookie(gateway.url() + "/page", cookie).statusCode()).as("request " + i)
            .isEqualTo(200);
        }
      }
      try (Gateway restarted = Gateway.start(vertx, settings(keycloak, port, upstream))) {
        assertThat(ScriptedBrowser.fetchWithCookie(restarted.url() + "/page", cookie).statusCode()).isEqualTo(401);
      }
    } finally {
      vertx.close().await();
    }
  }

  private static JsonObject settings(KeycloakRealm keycloak, int port, FixtureUpstream upstream) {
    JsonObject settings = SignInGateTest.gateSettings(keycloak.issuer(), port).put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url());
    settings.remove("FLUXLIT_AUTH_COOKIE_SECRET");
    return settings;
  }
}
