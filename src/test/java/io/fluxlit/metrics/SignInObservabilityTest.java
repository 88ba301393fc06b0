package io.fluxlit.metrics;

import ch.qos.logback.classic.Level;
import io.fluxlit.api.ExtensionProtocol;
import io.fluxlit.api.ProtectedRoutesExtension;
import io.fluxlit.bus.Addresses;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Deployed;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.fluxlit.metrics.MetricsCatalog.AUTH_REFUSALS_TOTAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What sign-in leaves behind (docs/auth.md): refusals counted by reason, the caller's user ID (and
 * never the token) in the access line and the debug snapshot.
 */
class SignInObservabilityTest {

  private static final String SECRET = "observability-secret-of-32-bytes!!";

  @Test
  void refusalsAreCountedAndTheUserIdIsLoggedNeverTheToken() {
    try (MetricsTesting metrics = MetricsTesting.start();
         Gateway gateway = Gateway.start(metrics.vertx(), new JsonObject()
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1").put("FLUXLIT_DEBUG", "1")
           .put("FLUXLIT_JWT_HS256_SECRET", SECRET).put("FLUXLIT_JWT_ISSUER", "iss").put("FLUXLIT_JWT_AUDIENCE", "aud"));
         Deployed extension = Deployed.verticle(metrics.vertx(), new ProtectedRoutesExtension());
         CapturedLogs access = new CapturedLogs("fluxlit.gateway", Level.DEBUG)) {
      Http http = new Http(metrics.vertx(), gateway.port());
      Conditions.waitUntil(() -> http.get("/api/open").status() == 200, 10, "the routes to be registered");
      assertThat(MetricsTesting.scrape(http, "/__fluxlit/metrics").value(AUTH_REFUSALS_TOTAL, "reason", "expired_token")).isZero();

      JWTAuth signer = JWTAuth.create(metrics.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
      long now = System.currentTimeMillis() / 1000;
      JsonObject claims = new JsonObject().put("sub", "user-77").put("iss", "iss").put("aud", "aud")
        .put("roles", new JsonArray().add("viewer"));
      String valid = signer.generateToken(claims.copy().put("exp", now + 60), new JWTOptions());
      String expired = signer.generateToken(claims.copy().put("exp", now - 60), new JWTOptions());

      assertThat(http.get("/api/me").status()).isEqualTo(401);
      assertThat(http.get("/api/me", "Authorization", "Bearer " + expired).status()).isEqualTo(401);
      assertThat(http.get("/api/admin", "Authorization", "Bearer " + valid).status()).isEqualTo(403);
      assertThat(http.get("/api/me", "Authorization", "Bearer " + valid, "X-Request-ID", "signed-in-1").status()).isEqualTo(200);

      // An extension speaking the raw protocol cannot name a user or a refusal for the gateway.
      metrics.vertx().eventBus().<JsonObject>consumer("test.raw", m -> m.reply(new JsonObject().put("status", 200)
        .put("auth_user_id", "spoofed").put("auth_refusal", "missing_token")));
      metrics.vertx().eventBus().publish(Addresses.API_ROUTES, ExtensionProtocol.register("raw-owner", "test.raw",
        List.of(ExtensionProtocol.route("GET", "/raw", ""))));
      Conditions.waitUntil(() -> http.get("/api/raw", "X-Request-ID", "raw-1").status() == 200, 10, "the raw route");

      Scrape scrape = MetricsTesting.scrape(http, "/__fluxlit/metrics");
      assertThat(scrape.value(AUTH_REFUSALS_TOTAL, "reason", "missing_token")).isEqualTo(1);
      assertThat(scrape.value(AUTH_REFUSALS_TOTAL, "reason", "expired_token")).isEqualTo(1);
      assertThat(scrape.value(AUTH_REFUSALS_TOTAL, "reason", "insufficient_role")).isEqualTo(1);
      assertThat(scrape.value(AUTH_REFUSALS_TOTAL, "reason", "invalid_token")).isZero();

      Conditions.waitUntil(() -> access.lines().stream().anyMatch(l -> l.contains("gateway GET /api/me request_id=signed-in-1")), 10, "the access line");
      String line = access.lines().stream().filter(l -> l.contains("gateway GET /api/me request_id=signed-in-1")).findFirst().orElseThrow();
      assertThat(line).contains("user_id=user-77");
      assertThat(access.lines()).filteredOn(l -> l.contains("request_id=raw-1")).noneMatch(l -> l.contains("user_id"));
      assertThat(String.join("\n", access.lines())).doesNotContain(valid).doesNotContain(expired);

      JsonArray recent = http.get("/__fluxlit/debug").json().getJsonArray("recent_dispatches");
      JsonObject entry = recent.stream().map(JsonObject.class::cast)
        .filter(e -> "signed-in-1".equals(e.getString("request_id"))).findFirst().orElseThrow();
      assertThat(entry.getString("user_id")).isEqualTo("user-77");
      assertThat(recent.encode()).doesNotContain(valid);
    }
  }
}
