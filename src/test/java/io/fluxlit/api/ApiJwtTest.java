package io.fluxlit.api;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Deployed;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs on the API with an HS256 secret (docs/auth.md#jwt-on-the-api): every answer of the
 * Python FluxLit (status, {@code detail}, {@code WWW-Authenticate}), scopes and roles, the claims
 * and user a handler sees, hostile tokens, and probes that stay open.
 */
@ExtendWith(VertxExtension.class)
class ApiJwtTest {

  static final String SECRET = "a-test-secret-of-thirty-two-bytes!!";
  static final String ISSUER = "https://issuer.test";
  static final String AUDIENCE = "fluxlit-api";

  static JsonObject settings() {
    return new JsonObject().put("FLUXLIT_JWT_HS256_SECRET", SECRET).put("FLUXLIT_JWT_ISSUER", ISSUER)
      .put("FLUXLIT_JWT_AUDIENCE", AUDIENCE);
  }

  static String token(Vertx vertx, String secret, JsonObject claims) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return signer.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true));
  }

  static JsonObject claims(long expiresInSeconds) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub", "user-1").put("iss", ISSUER).put("aud", AUDIENCE).put("iat", now)
      .put("exp", now + expiresInSeconds).put("email", "ada@example.com").put("preferred_username", "ada")
      .put("groups", new JsonArray().add("analysts"));
  }

  private static Http.Response get(Http http, String path, String authorization) {
    return authorization == null ? http.get(path) : http.get(path, "Authorization", authorization);
  }

  private static void assertRefused(Http.Response response, int status, String detail, String challenge) {
    assertThat(response.status()).as(detail).isEqualTo(status);
    assertThat(response.json()).as(detail).isEqualTo(new JsonObject().put("detail", detail));
    assertThat(response.headers().get("WWW-Authenticate")).as(detail).isEqualTo(challenge);
    assertThat(response.requestId()).isNotBlank();
  }

  @Test
  void answersEveryRefusalAsThePythonFluxLitDoes(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, settings());
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Http http = new Http(vertx, gateway.port());
      Conditions.waitUntil(() -> http.get("/api/open").status() == 200, 10, "the routes to be registered");
      String invalid = "Bearer error=\"invalid_token\"";

      assertRefused(get(http, "/api/me", null), 401, "Missing bearer token", "Bearer");
      assertRefused(get(http, "/api/me", "Basic dXNlcjpwdw=="), 401, "Missing bearer token", "Bearer");
      assertRefused(get(http, "/api/me", "Bearer "), 401, "Empty bearer token", "Bearer");
      assertRefused(get(http, "/api/me", "Bearer " + token(vertx, SECRET, claims(-60))), 401, "Token expired", invalid);
      assertRefused(get(http, "/api/me", "Bearer not-a-jwt"), 401, "Invalid token", invalid);
      assertRefused(get(http, "/api/me", "Bearer " + token(vertx, "another-secret-of-thirty-two-bytes!", claims(60))),
        401, "Invalid token", invalid);
      assertRefused(get(http, "/api/me", "Bearer " + token(vertx, SECRET, claims(60).put("iss", "https://elsewhere.test"))),
        401, "Invalid token", invalid);
      assertRefused(get(http, "/api/me", "Bearer " + token(vertx, SECRET, claims(60).put("aud", "someone-else"))),
        401, "Invalid token", invalid);
      JsonObject noExpiry = claims(60);
      noExpiry.remove("exp");
      assertRefused(get(http, "/api/me", "Bearer " + token(vertx, SECRET, noExpiry)), 401, "Invalid token", invalid);
      assertRefused(get(http, "/api/me", "Bearer " + unsigned(claims(60))), 401, "Invalid token", invalid);
      // An expired token of a foreign issuer is invalid, not merely expired.
      assertRefused(get(http, "/api/me", "Bearer " + token(vertx, "another-secret-of-thirty-two-bytes!", claims(-60))),
        401, "Invalid token", invalid);

      String reader = "Bearer " + token(vertx, SECRET, claims(60).put("scope", "reports:read").put("roles", new JsonArray().add("viewer")));
      assertRefused(get(http, "/api/reports", reader), 403, "Insufficient scope", null);
      assertRefused(get(http, "/api/admin", reader), 403, "Insufficient role", null);
      assertRefused(get(http, "/api/reports", null), 401, "Missing bearer token", "Bearer");
    }
  }

  @Test
  void aValidTokenReachesTheHandlerWithItsClaimsAndUser(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, settings());
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Http http = new Http(vertx, gateway.port());
      Conditions.waitUntil(() -> http.get("/api/open").status() == 200, 10, "the routes to be registered");
      Http.Response me = get(http, "/api/me", "bearer " + token(vertx, SECRET, claims(60)));
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json().getJsonObject("claims").getString("sub")).isEqualTo("user-1");
      assertThat(me.json().getJsonObject("user")).isEqualTo(new JsonObject().put("id", "user-1")
        .put("email", "ada@example.com").put("username", "ada").put("groups", new JsonArray().add("analysts")));

      // Scopes: every one, as a space-separated string or a list. Roles: any one.
      String scoped = "Bearer " + token(vertx, SECRET, claims(60).put("scope", "openid reports:write reports:read"));
      assertThat(get(http, "/api/reports", scoped).status()).isEqualTo(200);
      String listed = "Bearer " + token(vertx, SECRET, claims(60).put("scope", new JsonArray().add("reports:read").add("reports:write")));
      assertThat(get(http, "/api/reports", listed).status()).isEqualTo(200);
      String ops = "Bearer " + token(vertx, SECRET, claims(60).put("roles", new JsonArray().add("viewer").add("ops")));
      assertThat(get(http, "/api/admin", ops).status()).isEqualTo(200);

      // The OpenAPI document says which routes need a bearer token, and which scopes.
      JsonObject openApi = get(http, "/api/openapi.json", null).json();
      assertThat(openApi.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearerAuth")
        .getString("scheme")).isEqualTo("bearer");
      assertThat(openApi.getJsonObject("paths").getJsonObject("/reports").getJsonObject("get").getJsonArray("security"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("bearerAuth", new JsonArray().add("reports:read").add("reports:write"))));
      assertThat(openApi.getJsonObject("paths").getJsonObject("/open").getJsonObject("get").containsKey("security")).isFalse();

      // An open route needs nothing and sees no claims; the probes never need a token.
      Http.Response open = get(http, "/api/open", null);
      assertThat(open.json()).isEqualTo(new JsonObject().put("claims", new JsonObject()).putNull("user"));
      assertThat(get(http, "/api/healthz", null).status()).isEqualTo(200);
      assertThat(get(http, "/api/readyz", null).status()).isIn(200, 503);
    }
  }

  @Test
  void theLeewayForgivesAFewSecondsOfClockSkew(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, settings().put("FLUXLIT_JWT_LEEWAY_SECONDS", "120"));
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Http http = new Http(vertx, gateway.port());
      Conditions.waitUntil(() -> http.get("/api/open").status() == 200, 10, "the routes to be registered");
      assertThat(get(http, "/api/me", "Bearer " + token(vertx, SECRET, claims(-60))).status()).isEqualTo(200);
      assertThat(get(http, "/api/me", "Bearer " + token(vertx, SECRET, claims(-600))).status()).isEqualTo(401);
    }
  }

  @Test
  void aRouteThatNeedsATokenIsClosedWhenNoneCanBeChecked(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject());
         Deployed extension = Deployed.verticle(vertx, new ProtectedRoutesExtension())) {
      Http http = new Http(vertx, gateway.port());
      Conditions.waitUntil(() -> http.get("/api/open").status() == 200, 10, "the routes to be registered");
      assertRefused(get(http, "/api/me", null), 401, "Missing bearer token", "Bearer");
      Http.Response unchecked = get(http, "/api/me", "Bearer " + token(vertx, SECRET, claims(60)));
      assertThat(unchecked.status()).isEqualTo(503);
      assertThat(unchecked.json().getString("request_id")).isEqualTo(unchecked.requestId());
    }
  }

  /** {@code alg=none}: a token with no signature at all. */
  private static String unsigned(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
      + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }
}
