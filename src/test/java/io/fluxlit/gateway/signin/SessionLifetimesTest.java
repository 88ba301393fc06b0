package io.fluxlit.gateway.signin;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.SignInGateFixture;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's lifetimes (docs/auth.md#sessions): the idle one, the absolute one, and the refresh
 * of an expired access token, which ends the session once the provider ended it.
 */
class SessionLifetimesTest {

  @RegisterExtension
  static final SignInGateFixture gate = new SignInGateFixture();

  @Test
  void aSessionEndsAfterItsAbsoluteLifetimeHoweverBusy() {
    try (Gateway gateway = gate.start(new JsonObject().put("FLUXLIT_AUTH_SESSION_MAX_S", "3"))) {
      String page = gateway.url() + "/page";
      ScriptedBrowser alice = gate.signedIn(gateway, "alice");
      long signedIn = System.nanoTime();
      assertThat(alice.fetch(page).statusCode()).isEqualTo(200);
      // Busy all along: a request every few hundred milliseconds until the session ends.
      Conditions.waitUntil(() -> alice.fetch(page).statusCode() == 401, 15, "the session to end");
      assertThat((System.nanoTime() - signedIn) / 1_000_000).isGreaterThanOrEqualTo(2_500);
    }
  }

  @Test
  void theCookieIsSecureOnlyWhenTheBrowserCameOverHttpsThroughATrustedProxy() {
    try (Gateway gateway = gate.start(new JsonObject().put("FLUXLIT_TRUST_PROXY", "true"))) {
      java.net.http.HttpRequest.Builder page = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.url() + "/page"))
        .header("accept", "text/html").header("sec-fetch-mode", "navigate");
      String overHttps = new ScriptedBrowser().send(page.copy().header("x-forwarded-proto", "https"))
        .headers().firstValue("set-cookie").orElseThrow();
      assertThat(overHttps).startsWith(GateSessions.COOKIE + "=").containsIgnoringCase("; Secure")
        .containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
      String overHttp = new ScriptedBrowser().send(page).headers().firstValue("set-cookie").orElseThrow();
      assertThat(overHttp).doesNotContainIgnoringCase("Secure");
    }
  }

  @Test
  void aSessionEndsAfterItsIdleLifetimeWithoutRequests() {
    try (Gateway gateway = gate.start(new JsonObject().put("FLUXLIT_AUTH_SESSION_IDLE_S", "2"))) {
      String page = gateway.url() + "/page";
      ScriptedBrowser alice = gate.signedIn(gateway, "alice");
      assertThat(alice.fetch(page).statusCode()).isEqualTo(200);
      long idleFrom = System.nanoTime();
      // Nothing to poll without touching the session: the idle time itself is what is tested.
      Conditions.waitUntil(() -> System.nanoTime() - idleFrom > 3_500_000_000L, 10, "3.5 s without a request");
      assertThat(alice.fetch(page).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void anExpiredAccessTokenIsRefreshedAndASessionTheProviderEndedEndsHere() throws Exception {
    String realm = "refresh-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject definition = new JsonObject(Files.readString(TestEnvironment.projectDir()
      .resolve("src/test/resources/keycloak/fluxlit-realm.json"))).put("realm", realm).put("accessTokenLifespan", 5);
    KeycloakRealm keycloak = gate.keycloak();
    assertThat(keycloak.admin("POST", "", definition).statusCode()).isEqualTo(201);
    try (Gateway gateway = gate.start(keycloak.issuer(realm), new JsonObject())) {
      String page = gateway.url() + "/page";
      ScriptedBrowser alice = gate.signedIn(gateway, "alice");
      // A 5 s token is refreshed on every request (5 s to spare): the provider still knows the session.
      assertThat(alice.fetch(page).statusCode()).isEqualTo(200);
      assertThat(alice.fetch(page).statusCode()).isEqualTo(200);
      assertThat(keycloak.admin("POST", "/" + realm + "/logout-all", null).statusCode()).isLessThan(300);
      assertThat(alice.fetch(page).statusCode()).isEqualTo(401);
    } finally {
      keycloak.admin("DELETE", "/" + realm, null);
    }
  }
}
