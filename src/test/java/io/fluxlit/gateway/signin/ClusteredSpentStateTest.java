package io.fluxlit.gateway.signin;

import io.fluxlit.cluster.ClusteredVertx;
import io.fluxlit.config.ClusterSettings;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static io.fluxlit.testing.ScriptedBrowser.location;
import static io.fluxlit.testing.ScriptedBrowser.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in state spent by a code the provider refused stays spent on every replica of a
 * Hazelcast cluster (docs/auth.md#the-gateways-endpoints): the session store keeps copies, so the
 * spent state must be stored although the answer is an error page, which the session handler
 * alone would not store.
 */
class ClusteredSpentStateTest {

  @Test
  void aStateSpentByARefusedCodeOnOneReplicaIsRefusedOnTheOther() {
    KeycloakRealm keycloak = KeycloakRealm.shared();
    ClusterSettings cluster = ResolvedSettings.resolve(Map.of("FLUXLIT_CLUSTER", "1",
      "FLUXLIT_CLUSTER_NAME", "spent-" + UUID.randomUUID(), "FLUXLIT_CLUSTER_PORT", Integer.toString(TestEnvironment.freePort())),
      Map.of()).settings().cluster();
    Vertx first = ClusteredVertx.create(cluster, new VertxOptions(), Transport.NIO).await();
    Vertx second = ClusteredVertx.create(cluster, new VertxOptions(), Transport.NIO).await();
    FixtureUpstream upstream = new FixtureUpstream(first).start();
    int portA = TestEnvironment.freePort();
    int portB = TestEnvironment.freePort();
    try (Gateway a = Gateway.start(first, SignInGateTest.gateSettings(keycloak.issuer(), portA)
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()));
         Gateway b = Gateway.start(second, SignInGateTest.gateSettings(keycloak.issuer(), portA)
           .put("FLUXLIT_GATEWAY_PORT", Integer.toString(portB)).put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()))) {
      ScriptedBrowser browser = new ScriptedBrowser();
      String callback = browser.providerRedirect(location(browser.open(a.url() + "/page")), "alice", "alice-password");
      String code = query(URI.create(callback).getRawQuery()).get("code");

      HttpResponse<String> refused = browser.open(callback.replace("code=" + code, "code=not-" + code));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).contains("the sign-in provider refused the code");

      // The same state on the other replica, with the code Keycloak did issue for it: spent.
      HttpResponse<String> replayed = browser.open(callback.replace(a.url(), b.url()));
      assertThat(replayed.statusCode()).isEqualTo(400);
      assertThat(replayed.body()).contains("sign-in state that is unknown, expired or already used");
      assertThat(browser.fetch(b.url() + SignInGate.USERINFO).statusCode()).isEqualTo(401);

      // A fresh sign-in works (Keycloak, which signed alice in above, sends the browser straight back).
      HttpResponse<String> atProvider = browser.open(location(browser.open(b.url() + "/page")));
      assertThat(atProvider.statusCode()).isEqualTo(302);
      assertThat(browser.open(location(atProvider)).statusCode()).isEqualTo(302);
      assertThat(browser.fetch(b.url() + SignInGate.USERINFO).statusCode()).isEqualTo(200);
    } finally {
      second.close().await();
      first.close().await();
    }
  }
}
