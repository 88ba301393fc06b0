package io.fluxlit.gateway.signin;

import io.fluxlit.testing.GatedReplicas;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.ScriptedBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;

import static io.fluxlit.testing.ScriptedBrowser.location;
import static io.fluxlit.testing.ScriptedBrowser.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in's state on two gateway replicas of one Hazelcast cluster (docs/auth.md#sessions):
 * the session store keeps copies, and the session handler does not wait for its store as the
 * answer's head is written, so the gate stores the session itself before it answers. A sign-in
 * started on one replica finishes on the other at once, and a state spent by a code the provider
 * refused is refused on the other replica too. Without the gate's own store the first is a race
 * that a busy machine loses now and then (seen once under load), not on every run.
 */
class ClusteredSignInTest {

  private static GatedReplicas replicas;
  private static Gateway a;
  private static Gateway b;

  @BeforeAll
  static void start() {
    replicas = GatedReplicas.start("sign-in");
    a = replicas.a();
    b = replicas.b();
  }

  @AfterAll
  static void stop() {
    if (replicas != null) {
      replicas.close();
    }
  }

  @Test
  void aSignInStartedOnOneReplicaFinishesOnTheOtherAtOnce() {
    ScriptedBrowser browser = new ScriptedBrowser();
    browser.providerRedirect(location(browser.open(a.url() + "/page")), "alice", "alice-password");
    // Keycloak knows alice now and sends the browser straight back, in a few milliseconds: each
    // time to A, which must find the state B stored before it sent the browser away.
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> atProvider = browser.open(location(browser.open(b.url() + "/page?try=" + i)));
      assertThat(atProvider.statusCode()).isEqualTo(302);
      HttpResponse<String> back = browser.open(location(atProvider));
      assertThat(back.statusCode()).as("sign-in " + i + ": " + back.body()).isEqualTo(302);
      assertThat(location(back)).endsWith("/page?try=" + i);
      assertThat(browser.fetch(b.url() + SignInGate.USERINFO).statusCode()).as("sign-in " + i).isEqualTo(200);
      assertThat(browser.open(b.url() + SignInGate.LOGOUT).statusCode()).isEqualTo(302);
    }
  }

  @Test
  void aStateSpentByARefusedCodeOnOneReplicaIsRefusedOnTheOther() {
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
  }
}
