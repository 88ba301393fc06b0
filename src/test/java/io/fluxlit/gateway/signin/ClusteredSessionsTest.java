package io.fluxlit.gateway.signin;

import io.fluxlit.cluster.ClusteredVertx;
import io.fluxlit.config.ClusterSettings;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.SignInGateFixture;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway replicas on one Hazelcast cluster (docs/auth.md#sessions): a session begun on one
 * is valid on the other, and a logout on either ends it on both.
 */
class ClusteredSessionsTest {

  @Test
  void aSessionIsValidOnEveryReplicaAndALogoutOnOneEndsItOnAll() {
    KeycloakRealm keycloak = KeycloakRealm.shared();
    ClusterSettings cluster = ResolvedSettings.resolve(Map.of("FLUXLIT_CLUSTER", "1",
      "FLUXLIT_CLUSTER_NAME", "gate-" + UUID.randomUUID(), "FLUXLIT_CLUSTER_PORT", Integer.toString(TestEnvironment.freePort())),
      Map.of()).settings().cluster();
    Vertx first = ClusteredVertx.create(cluster, new VertxOptions(), Transport.NIO).await();
    Vertx second = ClusteredVertx.create(cluster, new VertxOptions(), Transport.NIO).await();
    FixtureUpstream upstream = new FixtureUpstream(first).start();
    int portA = TestEnvironment.freePort();
    int portB = TestEnvironment.freePort();
    try (Gateway a = Gateway.start(first, SignInGateFixture.settings(keycloak.issuer(), portA)
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()));
         Gateway b = Gateway.start(second, SignInGateFixture.settings(keycloak.issuer(), portA)
           .put("FLUXLIT_GATEWAY_PORT", Integer.toString(portB)).put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()))) {
      ScriptedBrowser alice = new ScriptedBrowser();
      assertThat(alice.signIn(a.url() + "/page", "alice", "alice-password").statusCode()).isEqualTo(302);
      String cookie = GateSessions.COOKIE + "=" + alice.cookie(GateSessions.COOKIE);

      HttpResponse<String> onB = ScriptedBrowser.fetchWithCookie(b.url() + "/page", cookie);
      assertThat(onB.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(onB.body()).getJsonObject("headers").getJsonArray("x-forwarded-email").getString(0))
        .isEqualTo("alice@example.com");

      assertThat(alice.open(b.url() + SignInGate.LOGOUT).statusCode()).isEqualTo(302);
      assertThat(ScriptedBrowser.fetchWithCookie(a.url() + "/page", cookie).statusCode()).isEqualTo(401);
      assertThat(ScriptedBrowser.fetchWithCookie(b.url() + "/page", cookie).statusCode()).isEqualTo(401);
    } finally {
      second.close().await();
      first.close().await();
    }
  }
}
