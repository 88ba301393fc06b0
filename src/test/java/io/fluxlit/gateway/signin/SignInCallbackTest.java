package io.fluxlit.gateway.signin;

import ch.qos.logback.classic.Level;
import io.fluxlit.logging.LogFields;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.ScriptedBrowser;
import io.fluxlit.testing.SignInGateFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.fluxlit.testing.ScriptedBrowser.location;
import static io.fluxlit.testing.ScriptedBrowser.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The way back from Keycloak (docs/auth.md#the-gateways-endpoints): what a callback leaves in the
 * logs, an ID token whose nonce is not the sign-in's, and a state spent by a code the provider
 * refused.
 */
class SignInCallbackTest {

  private static final List<String> SECRET_KEYS = List.of("code", "state", "session_state");

  @RegisterExtension
  static final SignInGateFixture gate = new SignInGateFixture(new JsonObject()
    .put("FLUXLIT_OIDC_BFF_SECRET", "bff-secret-of-at-least-thirty-two-bytes")
    .put("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "1")
    .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1")
    .put("FLUXLIT_DEBUG", "1"));

  private static String base;

  @BeforeAll
  static void start() {
    base = gate.gateway().url();
  }

  @Test
  void theCallbacksCodeAndStateReachNoLogAndNoSnapshot() throws Exception {
    try (CapturedLogs logs = new CapturedLogs("fluxlit", Level.DEBUG)) {
      ScriptedBrowser browser = new ScriptedBrowser();
      String authorize = location(browser.open(base + "/page"));
      String gateCallback = browser.providerRedirect(authorize, "alice", "alice-password");
      HttpResponse<String> back = browser.open(gateCallback);
      assertThat(back.statusCode()).isEqualTo(302);

      ScriptedBrowser bffBrowser = new ScriptedBrowser();
      String bffAuthorize = location(bffBrowser.fetch(base + "/api/auth/login?return_to=%2Freports"));
      String bffCallback = bffBrowser.providerRedirect(bffAuthorize, "alice", "alice-password");
      HttpResponse<String> bffBack = bffBrowser.fetch(bffCallback);
      assertThat(bffBack.statusCode()).as(bffBack.body()).isEqualTo(302);

      String snapshot = browser.fetch(base + "/__fluxlit/debug").body();
      for (var callback : List.of(Map.entry(gateCallback, back), Map.entry(bffCallback, bffBack))) {
        Map<String, String> sent = query(URI.create(callback.getKey()).getRawQuery());
        assertThat(sent).containsKeys(SECRET_KEYS.toArray(String[]::new));
        String requestId = callback.getValue().headers().firstValue("x-request-id").orElseThrow();
        Conditions.waitUntil(() -> accessLine(logs, requestId) != null, 5, "the callback's access line");
        String query = String.valueOf(CapturedLogs.fields(accessLine(logs, requestId)).get(LogFields.QUERY));
        for (String key : SECRET_KEYS) {
          assertThat(query).as(key).contains(key + "=<redacted>");
        }
        for (String key : SECRET_KEYS) {
          String value = sent.get(key);
          String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
          assertThat(String.join("\n", logs.lines())).as(key).doesNotContain(value, encoded);
          assertThat(snapshot).as(key).doesNotContain(value, encoded);
        }
      }
    }
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() {
    try (CapturedLogs logs = new CapturedLogs("fluxlit.signin", Level.INFO)) {
      double before = refusals("bad_nonce");
      ScriptedBrowser browser = new ScriptedBrowser();
      String authorize = location(browser.open(base + "/page"));
      String nonce = query(URI.create(authorize).getRawQuery()).get("nonce");
      // The authorization request altered on its way (or a token minted for another sign-in): the
      // code is this sign-in's (state and PKCE verifier match), the ID token's nonce is not.
      String altered = authorize.replace("nonce=" + nonce, "nonce=" + "another-" + nonce);
      assertThat(altered).isNotEqualTo(authorize);
      HttpResponse<String> back = browser.callbackAfterLogin(altered, "alice", "alice-password");

      assertThat(back.statusCode()).isEqualTo(400);
      String requestId = back.headers().firstValue("x-request-id").orElseThrow();
      assertThat(back.body()).contains(requestId, "nonce");
      assertThat(back.headers().allValues("set-cookie")).noneMatch(c -> c.startsWith(GateSessions.COOKIE + "=")
        && !c.contains("Max-Age=0"));
      assertThat(browser.fetch(base + SignInGate.USERINFO).statusCode()).isEqualTo(401);
      assertThat(refusals("bad_nonce")).as("its own reason, to alert on").isEqualTo(before + 1);
      assertThat(logs.lines()).anyMatch(line -> line.equals("request_id=" + requestId
        + " Sign-in refused: the ID token is missing or does not carry this sign-in's nonce"));
    }
  }

  /**
   * The answers and the fresh sign-in after it. The local store keeps the session object itself, so
   * here the state would stay spent even if the error page did not store the session;
   * {@link ClusteredSignInTest} is the one that fails then.
   */
  @Test
  void aStateSpentByACodeTheProviderRefusedStaysSpent() {
    ScriptedBrowser browser = new ScriptedBrowser();
    String authorize = location(browser.open(base + "/page"));
    String callback = browser.providerRedirect(authorize, "alice", "alice-password");
    String code = query(URI.create(callback).getRawQuery()).get("code");
    double badCodes = refusals("bad_code");
    double badStates = refusals("bad_state");

    HttpResponse<String> refused = browser.open(callback.replace("code=" + code, "code=not-" + code));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains(refused.headers().firstValue("x-request-id").orElseThrow(),
      "the sign-in provider refused the code");
    assertThat(refusals("bad_code")).isEqualTo(badCodes + 1);

    // The same state again, now with the code Keycloak did issue for it: spent.
    HttpResponse<String> replayed = browser.open(callback);
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(replayed.body()).contains("sign-in state that is unknown, expired or already used");
    assertThat(refusals("bad_state")).isEqualTo(badStates + 1);
    assertThat(browser.fetch(base + SignInGate.USERINFO).statusCode()).isEqualTo(401);

    // A fresh sign-in works: Keycloak, which signed alice in above, sends the browser straight back.
    HttpResponse<String> atProvider = browser.open(location(browser.open(base + "/page")));
    assertThat(atProvider.statusCode()).isEqualTo(302);
    HttpResponse<String> fresh = browser.open(location(atProvider));
    assertThat(fresh.statusCode()).isEqualTo(302);
    assertThat(location(fresh)).endsWith("/page");
    assertThat(browser.fetch(base + SignInGate.USERINFO).statusCode()).isEqualTo(200);
  }

  private static ch.qos.logback.classic.spi.ILoggingEvent accessLine(CapturedLogs logs, String requestId) {
    return logs.events().stream().filter(e -> requestId.equals(CapturedLogs.fields(e).get(LogFields.REQUEST_ID))
      && CapturedLogs.fields(e).containsKey(LogFields.QUERY)).findFirst().orElse(null);
  }

  private static double refusals(String reason) {
    String scrape = new ScriptedBrowser().fetch(base + "/__fluxlit/metrics").body();
    Matcher m = Pattern.compile("^fluxlit_auth_refusals_total\\{reason=\"" + reason + "\"} (\\S+)$", Pattern.MULTILINE)
      .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
