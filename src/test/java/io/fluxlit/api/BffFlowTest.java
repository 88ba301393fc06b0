package io.fluxlit.api;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Deployed;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.TcpForwarder;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static io.fluxlit.testing.ScriptedBrowser.location;
import static io.fluxlit.testing.ScriptedBrowser.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OIDC BFF endpoints against the real Keycloak (docs/auth.md#the-oidc-bff-endpoints): a
 * browser-like client follows /api/auth/login through Keycloak's own login form, comes back through
 * the callback the gateway serves with a one-time code, and exchanges it for a token the API
 * accepts. Then the hostile cases: a state or code used twice, missing parameters, a code the
 * provider refuses, open redirects, and a provider that is down.
 */
@ExtendWith(VertxExtension.class)
class BffFlowTest {

  private final KeycloakRealm keycloak = KeycloakRealm.shared();
  private ScriptedBrowser browser;

  @BeforeEach
  void newBrowser() {
    browser = new ScriptedBrowser();
  }

  private JsonObject settings(int port, String issuer) {
    return new JsonObject().put("FLUXLIT_GATEWAY_PORT", Integer.toString(port))
      .put("FLUXLIT_OIDC_BFF_SECRET", "bff-secret-of-at-least-thirty-two-bytes")
      .put("FLUXLIT_PUBLIC_BASE_URL", "http://127.0.0.1:" + port)
      .put("FLUXLIT_AUTH_OIDC_ISSUER", issuer).put("FLUXLIT_AUTH_OIDC_CLIENT_ID", keycloak.clientId())
      .put("FLUXLIT_AUTH_OIDC_CLIENT_SECRET", keycloak.clientSecret()).put("FLUXLIT_AUTH_GATE", "off");
  }

  @Test
  void signsInThroughKeycloakAndExchangesTheOneTimeCodeOnce(Vertx vertx) {
    int port = TestEnvironment.freePort();
    String base = "http://127.0.0.1:" + port;
    try (Gateway gateway = Gateway.start(vertx, settings(port, keycloak.issuer()));
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Conditions.waitUntil(() -> send("GET", base + "/api/me", null, null).statusCode() == 401, 10, "the routes to be registered");
      HttpResponse<String> login = send("GET", base + "/api/auth/login?return_to=%2Freports%3Fmonth%3D12", null, null);
      assertThat(login.statusCode()).isEqualTo(302);
      URI provider = URI.create(location(login));
      Map<String, String> asked = query(provider.getRawQuery());
      assertThat(provider.toString()).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?");
      assertThat(asked).containsEntry("code_challenge_method", "S256").containsEntry("response_type", "code")
        .containsEntry("redirect_uri", base + "/api/auth/callback").containsEntry("client_id", keycloak.clientId())
        .containsKeys("code_challenge", "state", "nonce");
      assertThat(asked.get("scope").split(" ")).contains("openid", "email");

      String callback = browser.providerRedirect(provider.toString(), "alice", "alice-password");
      assertThat(callback).startsWith(base + "/api/auth/callback?");
      HttpResponse<String> back = send("GET", callback, null, null);
      assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
      assertThat(back.headers().firstValue("cache-control")).hasValue("no-store");
      String app = location(back);
      assertThat(app).startsWith(base + "/reports?month=12&auth_code=");
      String code = query(URI.create(app).getRawQuery()).get("auth_code");

      HttpResponse<String> exchanged = send("POST", base + "/api/auth/exchange", new JsonObject().put("code", code).encode(), null);
      assertThat(exchanged.statusCode()).isEqualTo(200);
      JsonObject token = new JsonObject(exchanged.body());
      assertThat(token.fieldNames()).containsExactlyInAnyOrder("access_token", "token_type");
      assertThat(token.getString("token_type")).isEqualTo("bearer");
      String[] parts = token.getString("access_token").split("\\.");
      assertThat(decode(parts[0]).getString("alg")).isEqualTo("HS256");
      JsonObject claims = decode(parts[1]);
      assertThat(claims.getString("iss")).isEqualTo("fluxlit-bff");
      assertThat(claims.getString("aud")).isEqualTo("fluxlit-app");
      assertThat(claims.getString("email")).isEqualTo("alice@example.com");

      // The minted token is a bearer token of the API.
      HttpResponse<String> me = send("GET", base + "/api/readers", null, "Bearer " + token.getString("access_token"));
      assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
      assertThat(new JsonObject(me.body()).getJsonObject("user").getString("username")).isEqualTo("alice");

      // Single use: the code and the state are gone.
      HttpResponse<String> again = send("POST", base + "/api/auth/exchange", new JsonObject().put("code", code).encode(), null);
      assertThat(again.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(again.body()).getString("detail")).isEqualTo("Invalid or expired code");
      HttpResponse<String> replayed = send("GET", callback, null, null);
      assertThat(replayed.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(replayed.body()).getString("detail")).isEqualTo("Invalid or expired state");
    }
  }

  @Test
  void refusesBadCallbacksExchangesAndReturnPaths(Vertx vertx) {
    int port = TestEnvironment.freePort();
    String base = "http://127.0.0.1:" + port;
    try (Gateway gateway = Gateway.start(vertx, settings(port, keycloak.issuer()))) {
      assertDetail(send("GET", base + "/api/auth/callback?state=abc", null, null), 400, "Missing code or state");
      assertDetail(send("GET", base + "/api/auth/callback?code=abc", null, null), 400, "Missing code or state");
      assertDetail(send("GET", base + "/api/auth/callback?code=abc&state=never-issued", null, null), 400, "Invalid or expired state");
      assertThat(send("POST", base + "/api/auth/exchange", "not json", null).statusCode()).isEqualTo(422);
      assertThat(send("POST", base + "/api/auth/exchange", "{}", null).statusCode()).isEqualTo(422);
      assertDetail(send("POST", base + "/api/auth/exchange", "{\"code\":\"guessed\"}", null), 401, "Invalid or expired code");
      for (String evil : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
        "/%2F/evil.example", "/%5Cevil.example"}) {
        HttpResponse<String> refused = send("GET", base + "/api/auth/login?return_to=" + URLEncoder.encode(evil, StandardCharsets.UTF_8), null, null);
        assertThat(refused.statusCode()).as(evil).isEqualTo(400);
        assertThat(refused.headers().firstValue("location")).as(evil).isEmpty();
      }
      // A real state with a code the provider never issued: the provider refuses it, 502.
      String state = query(URI.create(location(send("GET", base + "/api/auth/login", null, null))).getRawQuery()).get("state");
      HttpResponse<String> forged = send("GET", base + "/api/auth/callback?code=forged-code&state=" + state, null, null);
      assertThat(forged.statusCode()).as(forged.body()).isEqualTo(502);
    }
  }

  @Test
  void aProviderThatIsDownGets503WithTheRequestId(Vertx vertx) {
    int port = TestEnvironment.freePort();
    String down = "http://127.0.0.1:" + TestEnvironment.freePort() + "/realms/gone";
    try (Gateway gateway = Gateway.start(vertx, settings(port, down))) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
        .header("X-Request-ID", "idp-down-1").GET();
      HttpResponse<String> response = send(request);
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(response.body()).getString("request_id")).isEqualTo("idp-down-1");
      assertThat(response.headers().firstValue("x-request-id")).hasValue("idp-down-1");
    }
  }

  @Test
  void aProviderThatWentDownAfterDiscoveryGets503RatherThanADeadLoginPage(Vertx vertx) {
    URI realm = URI.create(keycloak.baseUrl());
    TcpForwarder provider = TcpForwarder.start(vertx, realm.getHost(), realm.getPort());
    int port = TestEnvironment.freePort();
    String login = "http://127.0.0.1:" + port + "/api/auth/login";
    try (Gateway gateway = Gateway.start(vertx, settings(port, "http://127.0.0.1:" + provider.port() + "/realms/"
      + KeycloakRealm.REALM))) {
      assertThat(send("GET", login, null, null).statusCode()).isEqualTo(302);
      provider.close();
      Conditions.waitUntil(() -> send("GET", login, null, null).statusCode() == 503, 15, "logins answered 503");
    } finally {
      provider.close();
    }
  }

  private static void assertDetail(HttpResponse<String> response, int status, String detail) {
    assertThat(response.statusCode()).as(detail).isEqualTo(status);
    assertThat(new JsonObject(response.body()).getString("detail")).isEqualTo(detail);
  }

  private static JsonObject decode(String segment) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(String method, String url, String body, String authorization) {
    return browser.send(method, url, body, authorization);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    return browser.send(request);
  }
}
