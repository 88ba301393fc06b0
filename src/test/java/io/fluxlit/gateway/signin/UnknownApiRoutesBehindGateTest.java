package io.fluxlit.gateway.signin;

import io.fluxlit.api.ProtectedRoutesExtension;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Deployed;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.SignInGateFixture;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Behind the sign-in gate an API path nobody registered answers a caller without a session like
 * a registered one, 401, so that route names do not leak; a signed-in caller still gets 404, and
 * the probes, the scrape and the public paths stay open (docs/auth.md#jwt-on-the-api).
 */
class UnknownApiRoutesBehindGateTest {

  private static final List<String> UNKNOWN = List.of("/api/no-such-route", "/api/some/extension/path",
    "/api/docs/nothing-here");

  @RegisterExtension
  static final SignInGateFixture gate = new SignInGateFixture(new JsonObject()
    .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1"));

  private static Deployed extension;
  private static String base;
  private static ScriptedBrowser alice;

  @BeforeAll
  static void start() {
    base = gate.gateway().url();
    extension = Deployed.verticle(gate.vertx(), new ProtectedRoutesExtension());
    alice = gate.signedIn(gate.gateway(), "alice");
    Conditions.waitUntil(() -> alice.fetch(base + "/api/open").statusCode() == 200, 10, "the extension's routes");
  }

  @AfterAll
  static void stop() {
    if (extension != null) {
      extension.close();
    }
  }

  @Test
  void anUnknownApiRouteAnswers401WithoutASessionOrWithABadToken() {
    ScriptedBrowser browser = new ScriptedBrowser();
    for (String path : UNKNOWN) {
      for (String method : List.of("GET", "POST", "DELETE")) {
        HttpResponse<String> answer = browser.send(method, base + path, null, null);
        assertThat(answer.statusCode()).as(method + " " + path).isEqualTo(401);
        assertThat(answer.headers().firstValue("www-authenticate")).as(path).contains("Bearer");
        assertThat(new JsonObject(answer.body()).getString("detail")).isEqualTo("Missing bearer token");
        assertThat(answer.headers().firstValue("x-request-id")).isPresent();
      }
      HttpResponse<String> forged = browser.send("GET", base + path, null, "Bearer not.a.token");
      assertThat(forged.statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  void aRegisteredRouteAskedWithAnotherMethodAnswers401WithoutASessionAnd405WithOne() {
    HttpResponse<String> anonymous = new ScriptedBrowser().send("DELETE", base + "/api/open", null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("allow")).isEmpty();

    HttpResponse<String> signedIn = alice.send("DELETE", base + "/api/open", null, null);
    assertThat(signedIn.statusCode()).isEqualTo(405);
    assertThat(signedIn.headers().firstValue("allow")).contains("GET");
  }

  @Test
  void anUpgradeToAnUnknownApiRouteAnswers401() {
    for (String path : UNKNOWN) {
      assertThatThrownBy(() -> gate.vertx().createWebSocketClient().connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(gate.gateway().port()).setURI(path)).await())
        .as(path)
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    }
  }

  @Test
  void probesTheScrapeAndPublicPathsStayOpen() {
    ScriptedBrowser browser = new ScriptedBrowser();
    assertThat(browser.fetch(base + "/api/healthz").statusCode()).isEqualTo(200);
    assertThat(browser.fetch(base + "/api/readyz").statusCode()).isEqualTo(200);
    assertThat(browser.fetch(base + "/__fluxlit/metrics").body()).contains("fluxlit_");
    assertThat(browser.fetch(base + "/open/anything").statusCode()).isEqualTo(200);
  }

  @Test
  void aSignedInCallerStillGets404ForAnUnknownRoute() {
    for (String path : UNKNOWN) {
      HttpResponse<String> answer = alice.fetch(base + path);
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(new JsonObject(answer.body()).getString("detail")).isEqualTo("Not Found");
    }
  }
}
