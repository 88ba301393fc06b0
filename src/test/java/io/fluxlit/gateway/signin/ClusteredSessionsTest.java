package io.fluxlit.gateway.signin;

import io.fluxlit.testing.GatedReplicas;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.ScriptedBrowser;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway replicas on one Hazelcast cluster (docs/auth.md#sessions): a session begun on one
 * is valid on the other, and a logout on either ends it on both.
 */
class ClusteredSessionsTest {

  @Test
  void aSessionIsValidOnEveryReplicaAndALogoutOnOneEndsItOnAll() {
    try (GatedReplicas replicas = GatedReplicas.start("gate")) {
      Gateway a = replicas.a();
      Gateway b = replicas.b();
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
    }
  }
}
