package io.fluxlit.gateway.signin;

import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.SignInGateFixture;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sign-in gate against a real Keycloak (docs/auth.md#the-sign-in-gate): who is sent to sign
 * in, who gets 401, what Streamlit is told, and the hostile cases (tampered or replayed cookies,
 * a state used twice, an open redirect through the page to go back to).
 */
class SignInGateTest {

  @RegisterExtension
  static final SignInGateFixture gate = new SignInGateFixture();

  /** @return the URL of {@code path} on the class's gateway */
  private static String at(String path) {
    return gate.gateway().url() + path;
  }

  @Test
  void sendsAPageLoadToTheProviderWithPkceStateAndNonce() {
    int before = gate.upstream().requestCount();
    HttpResponse<String> answer = new ScriptedBrowser().open(at("/page?x=1"));
    assertThat(answer.statusCode()).isEqualTo(302);
    String location = answer.headers().firstValue("location").orElseThrow();
    assertThat(location).startsWith(gate.keycloak().issuer() + "/protocol/openid-connect/auth?")
      .contains("code_challenge_method=S256", "code_challenge=", "state=", "nonce=", "response_type=code",
        "client_id=" + KeycloakRealm.CLIENT_ID, "redirect_uri=" + java.net.URLEncoder.encode(at(SignInGate.CALLBACK),
          java.nio.charset.StandardCharsets.UTF_8));
    assertThat(gate.upstream().requestCount()).isEqualTo(before);
  }

  @Test
  void answersScriptsUpgradesAndApiCallsWithoutASession401NeverARedirect() {
    ScriptedBrowser browser = new ScriptedBrowser();
    HttpResponse<String> fetch = browser.fetch(at("/_stcore/host-config"));
    assertThat(fetch.statusCode()).isEqualTo(401);
    assertThat(fetch.headers().firstValue("location")).isEmpty();
    String requestId = fetch.headers().firstValue("x-request-id").orElseThrow();
    assertThat(fetch.body()).contains(requestId);

    HttpResponse<String> xhr = browser.send(java.net.http.HttpRequest.newBuilder(URI.create(at("/page")))
      .header("accept", "text/html").header("x-requested-with", "XMLHttpRequest"));
    assertThat(xhr.statusCode()).isEqualTo(401);

    HttpResponse<String> api = browser.fetch(at("/api/openapi.json"));
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("www-authenticate")).contains("Bearer");
    assertThat(new JsonObject(api.body()).getString("detail")).isEqualTo("Missing bearer token");
    assertThat(api.headers().firstValue("x-request-id")).isPresent();

    WebSocketClient client = gate.vertx().createWebSocketClient();
    assertThatThrownBy(() -> client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
      .setPort(gate.gateway().port()).setURI("/_stcore/stream")).await())
      .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    assertThat(gate.upstream().webSocketHandshakes()).noneMatch(h -> !h.contains("x-forwarded-user"));
  }

  @Test
  void letsProbesAndConfiguredPublicPathsThroughWithoutASession() {
    ScriptedBrowser browser = new ScriptedBrowser();
    assertThat(browser.fetch(at("/api/healthz")).statusCode()).isEqualTo(200);
    HttpResponse<String> open = browser.fetch(at("/open/file.txt"));
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(open.body()).getJsonObject("headers").containsKey("x-forwarded-user")).isFalse();
  }

  @Test
  void signsAliceInBringsHerBackAndTellsStreamlitWhoSheIs() {
    ScriptedBrowser browser = new ScriptedBrowser();
    HttpResponse<String> back = browser.signIn(at("/page?x=1"), "alice", "alice-password");
    assertThat(back.statusCode()).isEqualTo(302);
    assertThat(back.headers().firstValue("location")).contains("/page?x=1");
    String setCookie = back.headers().allValues("set-cookie").stream()
      .filter(c -> c.startsWith(GateSessions.COOKIE + "=")).findFirst().orElseThrow();
    assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").doesNotContainIgnoringCase("Secure");

    HttpResponse<String> page = browser.fetch(at("/page?x=1"), "X-Forwarded-Email", "mallory@evil.example",
      "X-Forwarded-Groups", "admins");
    assertThat(page.statusCode()).isEqualTo(200);
    JsonObject seen = new JsonObject(page.body()).getJsonObject("headers");
    assertThat(seen.getJsonArray("x-forwarded-email").getList()).containsExactly("alice@example.com");
    assertThat(seen.getJsonArray("x-forwarded-preferred-username").getList()).containsExactly("alice");
    assertThat(seen.getJsonArray("x-forwarded-groups").getList()).containsExactly("analysts");
    assertThat(seen.getJsonArray("x-forwarded-user").getString(0)).isNotBlank();
    assertThat(seen.containsKey("cookie") ? seen.getJsonArray("cookie").encode() : "").contains(GateSessions.COOKIE);

    JsonObject me = new JsonObject(browser.fetch(at(SignInGate.USERINFO)).body());
    assertThat(me.getString("email")).isEqualTo("alice@example.com");
    assertThat(me.getJsonArray("groups").getList()).containsExactly("analysts");
    assertThat(me.encode()).doesNotContain("token");
  }

  @Test
  void stripsIdentityHeadersAClientSendsToAPublicPath() {
    HttpResponse<String> open = new ScriptedBrowser().fetch(at("/open/x"), "X-Forwarded-User", "admin",
      "X-Forwarded-Email", "admin@example.com");
    JsonObject seen = new JsonObject(open.body()).getJsonObject("headers");
    assertThat(seen.fieldNames()).doesNotContain("x-forwarded-user", "x-forwarded-email");
  }

  @Test
  void refusesATamperedCookie() {
    ScriptedBrowser browser = gate.signedIn(gate.gateway(), "alice");
    String value = browser.cookie(GateSessions.COOKIE);
    assertThat(ScriptedBrowser.fetchWithCookie(at("/page"), GateSessions.COOKIE + "=" + value).statusCode())
      .isEqualTo(200);
    // One character of the session ID changed, the signature kept; then the signature changed.
    char first = value.charAt(0);
    String otherId = (first == 'A' ? 'B' : 'A') + value.substring(1);
    int dot = value.lastIndexOf('.');
    String otherSignature = value.substring(0, dot + 1) + (value.charAt(dot + 1) == 'A' ? 'B' : 'A') + value.substring(dot + 2);
    for (String tampered : List.of(otherId, otherSignature, value.substring(0, dot))) {
      HttpResponse<String> answer = ScriptedBrowser.fetchWithCookie(at("/page"), GateSessions.COOKIE + "=" + tampered);
      assertThat(answer.statusCode()).as(tampered).isEqualTo(401);
    }
  }

  @Test
  void logoutEndsTheSessionHereAndAtTheProviderAndACopiedCookieOpensNothing() {
    ScriptedBrowser browser = gate.signedIn(gate.gateway(), "alice");
    String copied = GateSessions.COOKIE + "=" + browser.cookie(GateSessions.COOKIE);
    assertThat(ScriptedBrowser.fetchWithCookie(at("/page"), copied).statusCode()).isEqualTo(200);

    HttpResponse<String> logout = browser.open(at(SignInGate.LOGOUT));
    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(logout.headers().firstValue("location").orElseThrow())
      .startsWith(gate.keycloak().issuer() + "/protocol/openid-connect/logout?").contains("id_token_hint=",
        "post_logout_redirect_uri=");

    assertThat(ScriptedBrowser.fetchWithCookie(at("/page"), copied).statusCode()).isEqualTo(401);
    assertThat(browser.fetch(at(SignInGate.USERINFO)).statusCode()).isEqualTo(401);
  }

  @Test
  void aStateWorksOnce() {
    ScriptedBrowser browser = new ScriptedBrowser();
    String authorize = browser.open(at("/page")).headers().firstValue("location").orElseThrow();
    String callback = browser.providerRedirect(authorize, "alice", "alice-password");
    assertThat(browser.open(callback).statusCode()).isEqualTo(302);
    HttpResponse<String> again = browser.open(callback);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains(again.headers().firstValue("x-request-id").orElseThrow());
  }

  @Test
  void aCallbackWithoutTheBrowsersSessionIsRefused() {
    ScriptedBrowser victim = new ScriptedBrowser();
    String authorize = victim.open(at("/page")).headers().firstValue("location").orElseThrow();
    String callback = victim.providerRedirect(authorize, "alice", "alice-password");
    // The same callback URL opened by another browser (login CSRF): its session holds no such state.
    assertThat(new ScriptedBrowser().open(callback).statusCode()).isEqualTo(400);
  }

  @Test
  void sendsTheBrowserBackOnlyToAPathOfThisOrigin() {
    for (String evil : List.of("//evil.example/x", "/%2F/evil.example", "/%5Cevil.example")) {
      ScriptedBrowser browser = new ScriptedBrowser();
      HttpResponse<String> toProvider = browser.open(at(evil));
      if (toProvider.statusCode() != 302) {
        continue; // refused before any sign-in: nothing to redirect to
      }
      HttpResponse<String> back = browser.callbackAfterLogin(toProvider.headers().firstValue("location").orElseThrow(),
        "alice", "alice-password");
      String location = back.headers().firstValue("location").orElseThrow();
      assertThat(location).as(evil).startsWith("/").doesNotStartWith("//").doesNotContain("\\");
      assertThat(URI.create(gate.gateway().url()).resolve(location).getHost()).isEqualTo("127.0.0.1");
    }
  }
}
