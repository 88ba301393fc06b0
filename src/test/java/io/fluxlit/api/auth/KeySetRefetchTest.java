package io.fluxlit.api.auth;

import io.fluxlit.testing.Conditions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key set cache against a real HTTP server counting its fetches (docs/auth.md#jwt-on-the-api):
 * one fetch for the first token, none for a burst of unknown {@code kid}s within the rate limit,
 * and a key added at the source is picked up by one fetch once the limit allows. Every check runs on
 * one event loop, as in the API verticle: the key set's state belongs to its event loop (from the
 * test's own thread a fetch could lose its response body and count as a failed fetch).
 */
@ExtendWith(VertxExtension.class)
class KeySetRefetchTest {

  private static JsonObject key(String kid, String secret) {
    return new JsonObject().put("kty", "oct").put("alg", "HS256").put("use", "sig").put("kid", kid)
      .put("k", Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
  }

  private static String token(Vertx vertx, JsonObject key) {
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(List.of(key)));
    return signer.generateToken(new JsonObject().put("iss", "iss").put("aud", "aud").put("sub", "s"),
      new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(60));
  }

  private static Refusal refusal(Future<JsonObject> verified) {
    try {
      verified.await();
      return null;
    } catch (Refusal.Refused refused) {
      return refused.refusal();
    }
  }

  /** {@code verifier.verify(token)} called on {@code loop}, as the API verticle calls it. */
  private static Future<JsonObject> verify(Context loop, TokenVerifier verifier, String token) {
    Promise<JsonObject> verified = Promise.promise();
    loop.runOnContext(v -> verifier.verify(token).onComplete(verified));
    return verified.future();
  }

  @Test
  void anUnknownKidFetchesTheSetAgainAtMostOncePerInterval(Vertx vertx) {
    Context loop = vertx.getOrCreateContext();
    JsonObject first = key("k1", "first-secret-of-thirty-two-bytes!!");
    JsonObject rotated = key("k2", "second-secret-of-thirty-two-bytes!");
    JsonArray served = new JsonArray().add(first);
    AtomicInteger fetches = new AtomicInteger();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      fetches.incrementAndGet();
      request.response().putHeader("content-type", "application/json").end(new JsonObject().put("keys", served.copy()).encode());
    }).listen(0, "127.0.0.1").await();
    String url = "http://127.0.0.1:" + server.actualPort() + "/certs";
    TokenVerifier verifier = TokenVerifier.keySet(vertx, "iss", List.of("aud"), false, () -> Future.succeededFuture(url), 0);

    assertThat(verify(loop, verifier, token(vertx, first)).await().getString("sub")).isEqualTo("s");
    assertThat(verify(loop, verifier, token(vertx, first)).await().getString("sub")).isEqualTo("s");
    assertThat(fetches).as("fetched once, then cached").hasValue(1);

    // A burst of tokens naming a key the set does not have: refused, and no fetch within the interval.
    String unknown = token(vertx, rotated);
    for (int i = 0; i < 5; i++) {
      assertThat(refusal(verify(loop, verifier, unknown))).isEqualTo(Refusal.INVALID_TOKEN);
    }
    assertThat(fetches).as("not again within the interval").hasValue(1);

    // The key appears at the source (a rotation): one fetch once the interval passed picks it up.
    served.add(rotated);
    Conditions.waitUntil(() -> refusal(verify(loop, verifier, unknown)) == null, 20, "the rotated key to be fetched");
    assertThat(fetches).hasValue(2);
    assertThat(refusal(verify(loop, verifier, token(vertx, key("k3", "third-secret-of-thirty-two-bytes!!")))))
      .isEqualTo(Refusal.INVALID_TOKEN);
    assertThat(fetches).as("the interval starts again").hasValue(2);
    assertThat(verify(loop, verifier, token(vertx, first)).await().getString("sub")).as("the old key still works").isEqualTo("s");
  }
}
