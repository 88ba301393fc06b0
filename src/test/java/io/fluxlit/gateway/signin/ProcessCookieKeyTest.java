package io.fluxlit.gateway.signin;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.SignInGateFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code FLUXLIT_AUTH_COOKIE_SECRET} the gate signs its cookies with a random key made once
 * per process ({@link GateProcessState}, handed to every gateway instance): a session begun on one
 * instance is valid on all of them, and a gateway started afresh (a restart) opens none of the
 * sessions of the one before (docs/auth.md#sessions).
 */
class ProcessCookieKeyTest {

  /** No cookie secret: each start signs with a random key of its own. */
  @RegisterExtension
  static final SignInGateFixture gate = new SignInGateFixture(new JsonObject().put("FLUXLIT_AUTH_COOKIE_SECRET", ""));

  @Test
  void everyInstanceOfAProcessKnowsItsSessionsAndAFreshStartKnowsNone() {
    String cookie;
    try (Gateway gateway = gate.start(new JsonObject().put("FLUXLIT_GATEWAY_INSTANCES", "4"))) {
      ScriptedBrowser alice = gate.signedIn(gateway, "alice");
      cookie = GateSessions.COOKIE + "=" + alice.cookie(GateSessions.COOKIE);
      // Each request on a connection of its own: the connections are spread over the four instances.
      for (int i = 0; i < 12; i++) {
        assertThat(ScriptedBrowser.fetchWithCookie(gateway.url() + "/page", cookie).statusCode()).as("request " + i)
          .isEqualTo(200);
      }
    }
    try (Gateway restarted = gate.start(new JsonObject())) {
      assertThat(ScriptedBrowser.fetchWithCookie(restarted.url() + "/page", cookie).statusCode()).isEqualTo(401);
    }
  }
}
