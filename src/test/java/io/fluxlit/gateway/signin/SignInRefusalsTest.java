package io.fluxlit.gateway.signin;

import ch.qos.logback.classic.Level;
import io.fluxlit.logging.LogFields;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.SignInGateFixture;
import io.fluxlit.testing.TcpForwarder;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who the gate keeps out once they signed in (the allowed lists), what it says when the
 * provider is down, and what the access log, the debug snapshot and the metrics say about
 * signed-in users (docs/auth.md).
 */
class SignInRefusalsTest {

  @RegisterExtension
  static final SignInGateFixture gate = new SignInGateFixture();

  @Test
  void aUserOutsideTheAllowedListsGets403AndNoSessionAndTheLogsNameOnlyAllowedUsers() throws Exception {
    try (CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.INFO);
         Gateway gateway = gate.start(new JsonObject()
           .put("FLUXLIT_AUTH_ALLOWED_DOMAINS", "example.com")
           .put("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "1")
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1")
           .put("FLUXLIT_DEBUG", "1"))) {
      String base = gateway.url();
      ScriptedBrowser bob = new ScriptedBrowser();
      HttpResponse<String> refused = bob.signIn(base + "/page", "bob", "bob-password");
      assertThat(refused.statusCode()).isEqualTo(403);
      String requestId = refused.headers().firstValue("x-request-id").orElseThrow();
      assertThat(refused.body()).contains(requestId, "bob@other.org");
      assertThat(bob.fetch(base + "/page").statusCode()).isEqualTo(401);
      assertThat(bob.fetch(base + SignInGate.USERINFO).statusCode()).isEqualTo(401);

      ScriptedBrowser alice = gate.signedIn(gateway, "alice");
      HttpResponse<String> page = alice.fetch(base + "/page");
      assertThat(page.statusCode()).isEqualTo(200);
      String aliceId = new JsonObject(alice.fetch(base + SignInGate.USERINFO).body()).getString("sub");
      String pageId = page.headers().firstValue("x-request-id").orElseThrow();

      Conditions.waitUntil(() -> logs.events().stream()
        .anyMatch(e -> pageId.equals(CapturedLogs.fields(e).get(LogFields.REQUEST_ID))), 5, "the page's access line");
      var line = logs.events().stream().filter(e -> pageId.equals(CapturedLogs.fields(e).get(LogFields.REQUEST_ID)))
        .findFirst().orElseThrow();
      assertThat(CapturedLogs.fields(line).get(LogFields.USER_ID)).isEqualTo(aliceId);
      assertThat(line.getFormattedMessage()).endsWith(" user_id=" + aliceId).doesNotContain("eyJ");
      assertThat(String.join("\n", logs.lines())).doesNotContain("alice@example.com", "eyJ");

      JsonObject snapshot = new JsonObject(alice.fetch(base + "/__fluxlit/debug").body());
      assertThat(snapshot.encode()).contains("\"user_id\":\"" + aliceId + "\"");

      // The API sees the session's user too: the API verticle names it as the caller.
      HttpResponse<String> api = alice.fetch(base + "/api/openapi.json");
      assertThat(api.statusCode()).isEqualTo(200);
      String apiId = api.headers().firstValue("x-request-id").orElseThrow();
      Conditions.waitUntil(() -> logs.events().stream().anyMatch(e -> apiId.equals(CapturedLogs.fields(e).get(LogFields.REQUEST_ID))
        && aliceId.equals(CapturedLogs.fields(e).get(LogFields.USER_ID))), 5, "the API call's access line naming alice");

      String scrape = new ScriptedBrowser().fetch(base + "/__fluxlit/metrics").body();
      assertThat(scrape).contains("fluxlit_auth_sign_ins_total 1.0")
        .contains("fluxlit_auth_refusals_total{reason=\"not_allowed\"} 1.0")
        .contains("fluxlit_auth_refusals_total{reason=\"no_session\"} 2.0");
    }
  }

  @Test
  void whenTheProviderIsDownOpenSessionsKeepWorkingAndNewSignInsGetA503Page() {
    URI keycloak = URI.create(gate.keycloak().baseUrl());
    TcpForwarder provider = TcpForwarder.start(gate.vertx(), keycloak.getHost(), keycloak.getPort());
    String issuer = "http://127.0.0.1:" + provider.port() + "/realms/" + KeycloakRealm.REALM;
    try (Gateway gateway = gate.start(issuer, new JsonObject())) {
      String base = gateway.url();
      ScriptedBrowser alice = gate.signedIn(gateway, "alice");
      provider.close();

      assertThat(alice.fetch(base + "/page").statusCode()).isEqualTo(200);
      Conditions.waitUntil(() -> new ScriptedBrowser().open(base + "/page").statusCode() == 503, 15,
        "new sign-ins answered 503");
      HttpResponse<String> down = new ScriptedBrowser().open(base + "/other");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
      assertThat(down.body()).contains(down.headers().firstValue("x-request-id").orElseThrow(), "sign-in provider");
      assertThat(alice.fetch(base + "/page").statusCode()).isEqualTo(200);
    } finally {
      provider.close();
    }
  }

  @Test
  void aGatewayStartedWhileTheProviderIsDownAnswers503ToSignInsAnd401ToScripts() {
    String nowhere = "http://127.0.0.1:" + TestEnvironment.freePort() + "/realms/none";
    try (Gateway gateway = gate.start(nowhere, new JsonObject())) {
      String base = gateway.url();
      HttpResponse<String> page = new ScriptedBrowser().open(base + "/");
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.body()).contains(page.headers().firstValue("x-request-id").orElseThrow());
      assertThat(new ScriptedBrowser().fetch(base + "/_stcore/health").statusCode()).isEqualTo(401);
    }
  }
}
