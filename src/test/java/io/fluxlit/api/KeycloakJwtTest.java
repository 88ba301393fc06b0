package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Deployed;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.KeycloakRealm;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens that the real Keycloak issued (RS256), checked against its key set
 * (docs/auth.md#jwt-on-the-api): the user and roles a handler sees, a rotated key picked up by
 * fetching the set again, an unreachable key set answered 503, and the sign-in gate's own provider
 * accepted when the gate is on.
 */
@ExtendWith(VertxExtension.class)
class KeycloakJwtTest {

  private final KeycloakRealm keycloak = KeycloakRealm.shared();

  private JsonObject jwks(String realm) {
    return new JsonObject().put("FLUXLIT_JWT_JWKS_URL", keycloak.issuer(realm) + "/protocol/openid-connect/certs")
      .put("FLUXLIT_JWT_ISSUER", keycloak.issuer(realm)).put("FLUXLIT_JWT_AUDIENCE", KeycloakRealm.API_AUDIENCE);
  }

  private static Http started(Vertx vertx, Gateway gateway) {
    Http http = new Http(vertx, gateway.port());
    Conditions.waitUntil(() -> http.get("/api/healthz").status() == 200
      && http.get("/api/readers").status() != 404, 10, "the routes to be registered");
    return http;
  }

  @Test
  void keycloakTokensReachTheHandlerWithTheirUserAndRoles(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, jwks(KeycloakRealm.REALM));
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Http http = started(vertx, gateway);
      String alice = "Bearer " + keycloak.passwordGrant("alice", "alice-password").getString("access_token");
      Http.Response me = http.get("/api/me", "Authorization", alice);
      assertThat(me.status()).isEqualTo(200);
      JsonObject user = me.json().getJsonObject("user");
      assertThat(user.getString("email")).isEqualTo("alice@example.com");
      assertThat(user.getString("username")).isEqualTo("alice");
      assertThat(user.getJsonArray("groups")).containsExactly("analysts");
      assertThat(user.getString("id")).isEqualTo(me.json().getJsonObject("claims").getString("sub")).isNotBlank();
      assertThat(http.get("/api/readers", "Authorization", alice).status()).isEqualTo(200);

      String bob = "Bearer " + keycloak.passwordGrant("bob", "bob-password").getString("access_token");
      assertThat(http.get("/api/readers", "Authorization", bob).json().getString("detail")).isEqualTo("Insufficient role");

      // The id token is for the client, not the API: wrong audience. A tampered payload breaks the signature.
      String idToken = keycloak.passwordGrant("alice", "alice-password").getString("id_token");
      assertThat(http.get("/api/me", "Authorization", "Bearer " + idToken).json().getString("detail")).isEqualTo("Invalid token");
      assertThat(http.get("/api/me", "Authorization", "Bearer " + withPayload(alice.substring(7), "sub", "someone-else"))
        .json().getString("detail")).isEqualTo("Invalid token");
      // HS256 signed with the public key's text (algorithm confusion) is not a key of the set.
      assertThat(http.get("/api/me", "Authorization", "Bearer " + ApiJwtTest.token(vertx, "public-key-as-secret-0123456789abcdef",
        new JsonObject().put("iss", keycloak.issuer()).put("aud", KeycloakRealm.API_AUDIENCE)
          .put("exp", System.currentTimeMillis() / 1000 + 60).put("sub", "x"))).json().getString("detail"))
        .isEqualTo("Invalid token");
    }
  }

  @Test
  void aKeyRotatedInKeycloakIsPickedUp(Vertx vertx) {
    String realm = "rotate-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject definition = new JsonObject(realmFile()).put("realm", realm);
    assertThat(keycloak.admin("POST", "", definition).statusCode()).isEqualTo(201);
    try (Gateway gateway = Gateway.start(vertx, jwks(realm));
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Http http = started(vertx, gateway);
      String before = keycloak.passwordGrant(realm, "alice", "alice-password").getString("access_token");
      assertThat(http.get("/api/me", "Authorization", "Bearer " + before).status()).isEqualTo(200);

      String realmId = new JsonObject(keycloak.admin("GET", "/" + realm, null).body()).getString("id");
      JsonObject provider = new JsonObject().put("name", "rotated").put("providerId", "rsa-generated")
        .put("providerType", "org.keycloak.keys.KeyProvider").put("parentId", realmId)
        .put("config", new JsonObject().put("priority", new JsonArray().add("1000")).put("keySize", new JsonArray().add("2048"))
          .put("algorithm", new JsonArray().add("RS256")).put("active", new JsonArray().add("true"))
          .put("enabled", new JsonArray().add("true")));
      HttpResponse<String> added = keycloak.admin("POST", "/" + realm + "/components", provider);
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

      String after = keycloak.passwordGrant(realm, "alice", "alice-password").getString("access_token");
      assertThat(kid(after)).isNotEqualTo(kid(before));
      // The new kid is unknown until the set is fetched again (at most once per few seconds).
      Conditions.waitUntil(() -> http.get("/api/me", "Authorization", "Bearer " + after).status() == 200, 30,
        "a token signed with the rotated key to be accepted");
    } finally {
      keycloak.admin("DELETE", "/" + realm, null);
    }
  }

  @Test
  void anUnreachableKeySetAnswers503WithTheRequestId(Vertx vertx) {
    JsonObject settings = jwks(KeycloakRealm.REALM)
      .put("FLUXLIT_JWT_JWKS_URL", "http://127.0.0.1:" + TestEnvironment.freePort() + "/certs");
    try (Gateway gateway = Gateway.start(vertx, settings);
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Http http = started(vertx, gateway);
      String alice = "Bearer " + keycloak.passwordGrant("alice", "alice-password").getString("access_token");
      Http.Response refused = http.get("/api/me", "Authorization", alice, "X-Request-ID", "jwks-down-1");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.requestId()).isEqualTo("jwks-down-1");
      assertThat(refused.json().getString("request_id")).isEqualTo("jwks-down-1");
      assertThat(refused.json().getString("detail")).contains("signing keys");
    }
  }

  @Test
  void behindTheGateEveryRouteButTheProbesNeedsASessionOrAToken(Vertx vertx) {
    JsonObject settings = new JsonObject().put("FLUXLIT_AUTH_OIDC_ISSUER", keycloak.issuer())
      .put("FLUXLIT_AUTH_OIDC_CLIENT_ID", keycloak.clientId()).put("FLUXLIT_AUTH_OIDC_CLIENT_SECRET", keycloak.clientSecret())
      .put("FLUXLIT_PUBLIC_BASE_URL", "http://127.0.0.1:1");
    try (Gateway gateway = Gateway.start(vertx, settings);
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Http http = started(vertx, gateway);
      assertThat(http.get("/api/open").status()).isEqualTo(401);
      assertThat(http.get("/api/openapi.json").json()).isEqualTo(new JsonObject().put("detail", "Missing bearer token"));
      assertThat(http.get("/api/healthz").status()).isEqualTo(200);
      // Tokens the gate's provider issued to the gate's client are accepted.
      String alice = "Bearer " + keycloak.passwordGrant("alice", "alice-password").getString("access_token");
      Http.Response open = http.get("/api/open", "Authorization", alice);
      assertThat(open.status()).isEqualTo(200);
      assertThat(open.json().getJsonObject("user").getString("email")).isEqualTo("alice@example.com");
      assertThat(http.get("/api/openapi.json", "Authorization", alice).status()).isEqualTo(200);

      // The gate's session user, as the gateway forwards it, is the caller of every route.
      DeliveryOptions session = new DeliveryOptions().setLocalOnly(true)
        .addHeader(ExtensionProtocol.USER_ID_HEADER, "u-42").addHeader(ExtensionProtocol.USER_EMAIL_HEADER, "carol@example.com")
        .addHeader(ExtensionProtocol.USER_NAME_HEADER, "carol").addHeader(ExtensionProtocol.USER_GROUPS_HEADER, "analysts, ops");
      JsonObject request = ApiEnvelope.request("GET", "/me", null, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
      JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.API_REQUEST, request, session).await().body();
      assertThat(reply.getInteger(ApiEnvelope.STATUS)).isEqualTo(200);
      assertThat(reply.getJsonObject(ApiEnvelope.BODY).getJsonObject("user")).isEqualTo(new JsonObject().put("id", "u-42")
        .put("email", "carol@example.com").put("username", "carol").put("groups", new JsonArray().add("analysts").add("ops")));
      assertThat(reply.getString(ApiEnvelope.AUTH_USER_ID)).isEqualTo("u-42");
      // A session grants no roles: a route that needs one still refuses.
      JsonObject admin = ApiEnvelope.request("GET", "/readers", null, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer());
      assertThat(vertx.eventBus().<JsonObject>request(Addresses.API_REQUEST, admin, session).await().body()
        .getInteger(ApiEnvelope.STATUS)).isEqualTo(403);
    }
  }

  private static String realmFile() {
    try {
      return java.nio.file.Files.readString(TestEnvironment.projectDir().resolve("src/test/resources/keycloak/fluxlit-realm.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String kid(String token) {
    String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    return new JsonObject(header).getString("kid");
  }

  private static String withPayload(String token, String claim, String value) {
    String[] parts = token.split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).put(claim, value);
    return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8))
      + "." + parts[2];
  }
}
