package io.fluxlit.api;

import io.fluxlit.cluster.ClusteredVertx;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.TestCluster;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;

import static io.fluxlit.testing.ScriptedBrowser.location;
import static io.fluxlit.testing.ScriptedBrowser.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway replicas on one Hazelcast cluster behind one public URL (docs/auth.md#the-oidc-bff-endpoints):
 * a sign-in started on one finishes on the other, and a code taken on one is gone on both.
 */
class ClusteredBffTest {

  private final KeycloakRealm keycloak = KeycloakRealm.shared();

  @Test
  void aSignInStartedOnOneReplicaFinishesOnTheOtherAndItsCodeIsUsedOnce() {
    TestCluster cluster = new TestCluster("bff", 2);
    Vertx first = ClusteredVertx.create(cluster.settings(0), new VertxOptions(), Transport.NIO).await();
    Vertx second = ClusteredVertx.create(cluster.settings(1), new VertxOptions(), Transport.NIO).await();
    int portA = TestEnvironment.freePort();
    int portB = TestEnvironment.freePort();
    // One public URL, as behind a load balancer: both replicas build the same callback URL on it.
    String publicUrl = "http://127.0.0.1:" + portA;
    try (Gateway a = Gateway.start(first, settings(portA, publicUrl));
         Gateway b = Gateway.start(second, settings(portB, publicUrl))) {
      ScriptedBrowser browser = new ScriptedBrowser();
      HttpResponse<String> login = browser.send("GET", a.url() + "/api/auth/login", null, null);
      assertThat(login.statusCode()).isEqualTo(302);
      String callback = browser.providerRedirect(location(login), "alice", "alice-password");
      assertThat(callback).startsWith(publicUrl + "/api/auth/callback?");

      // The load balancer sends the callback to replica B: the state A stored is found there.
      HttpResponse<String> back = browser.send("GET", callback.replace(publicUrl, b.url()), null, null);
      assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
      String code = query(URI.create(location(back)).getRawQuery()).get("auth_code");

      HttpResponse<String> exchanged = browser.send("POST", a.url() + "/api/auth/exchange", new JsonObject().put("code", code).encode(), null);
      assertThat(exchanged.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(exchanged.body()).getString("token_type")).isEqualTo("bearer");
      HttpResponse<String> replayed = browser.send("POST", b.url() + "/api/auth/exchange", new JsonObject().put("code", code).encode(), null);
      assertThat(replayed.statusCode()).isEqualTo(401);
      assertThat(browser.send("GET", callback.replace(publicUrl, a.url()), null, null).statusCode()).isEqualTo(400);
    } finally {
      second.close().await();
      first.close().await();
    }
  }

  private JsonObject settings(int port, String publicUrl) {
    return new JsonObject().put("FLUXLIT_GATEWAY_PORT", Integer.toString(port))
      .put("FLUXLIT_OIDC_BFF_SECRET", "clustered-bff-secret-of-32-bytes!!")
      .put("FLUXLIT_PUBLIC_BASE_URL", publicUrl)
      .put("FLUXLIT_AUTH_OIDC_ISSUER", keycloak.issuer()).put("FLUXLIT_AUTH_OIDC_CLIENT_ID", keycloak.clientId())
      .put("FLUXLIT_AUTH_OIDC_CLIENT_SECRET", keycloak.clientSecret()).put("FLUXLIT_AUTH_GATE", "off");
  }
}
