package io.fluxlit.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A JSON Web Key Set fetched from a URL and cached (docs/auth.md#jwt-on-the-api): fetched on first
 * use, fetched again when a token names an unknown key ({@code kid}) but at most once per
 * {@code minRefetchMs}, and in the background once the keys are older than {@code maxAgeMs}. Each
 * fetch builds a new vertx-auth-jwt {@link JWTAuth} from the keys, swapped in whole. Not
 * thread-safe: it is used on the event loop of the API verticle instance that made it, where a
 * fetch's response is read in the same turn as it arrives.
 *
 * <p>Written here because neither library does it for a bare key-set URL: {@code JWTAuth} takes
 * its keys once, at creation, and vertx-auth-oauth2's {@code jWKSet()}/{@code missingKeyHandler}
 * keep the keys inside an {@code OAuth2Auth} whose token check lets tokens without an audience
 * through and falls back to the provider's userinfo, which is not the check the API makes.
 * Used from the API verticle's event loop only.
 */
final class KeySet implements KeySource {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.auth");
  private static final long FETCH_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final HttpClient client;
  private final Supplier<Future<String>> url;
  private final JWTOptions options;
  private final long minRefetchMs;
  private final long maxAgeMs;
  private JWTAuth keys;
  private long fetchedAt = Long.MIN_VALUE / 2;
  private long triedAt = Long.MIN_VALUE / 2;
  private Future<JWTAuth> inFlight;

  /**
   * @param vertx the API verticle's Vert.x
   * @param url the key set's URL (found by discovery, for a provider)
   * @param options what every token is checked for (issuer, audience, leeway)
   * @param minRefetchMs the shortest time between two fetches
   * @param maxAgeMs the age after which the keys are fetched again in the background
   */
  KeySet(Vertx vertx, Supplier<Future<String>> url, JWTOptions options, long minRefetchMs, long maxAgeMs) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
    this.url = url;
    this.options = options;
    this.minRefetchMs = minRefetchMs;
    this.maxAgeMs = maxAgeMs;
  }

  @Override
  public Future<JWTAuth> current() {
    long now = System.currentTimeMillis();
    if (keys == null) {
      // None yet (first use, or every fetch failed): fetch, but not more often than allowed.
      return now - triedAt >= minRefetchMs || inFlight != null ? fetch()
        : Future.failedFuture(Refusal.KEYS_UNAVAILABLE.failure());
    }
    if (now - fetchedAt >= maxAgeMs && inFlight == null) {
      fetch();
    }
    return Future.succeededFuture(keys);
  }

  @Override
  public Future<Boolean> refetch() {
    if (inFlight == null && System.currentTimeMillis() - triedAt < minRefetchMs) {
      return Future.succeededFuture(false);
    }
    return fetch().map(true);
  }

  /** One fetch at a time; concurrent callers share it. */
  private Future<JWTAuth> fetch() {
    if (inFlight != null) {
      return inFlight;
    }
    triedAt = System.currentTimeMillis();
    Promise<JWTAuth> done = Promise.promise();
    inFlight = done.future();
    url.get().compose(location -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(location)
        .setConnectTimeout(FETCH_TIMEOUT_MS).setIdleTimeout(FETCH_TIMEOUT_MS).putHeader("accept", "application/json")))
      .compose(request -> request.send())
      .compose(this::body)
      .map(this::load)
      .onComplete(result -> {
        inFlight = null;
        if (result.succeeded()) {
          keys = result.result();
          fetchedAt = System.currentTimeMillis();
          done.complete(keys);
        } else {
          LOG.warn("The key set cannot be fetched: {}", result.cause().getMessage());
          done.fail(Refusal.KEYS_UNAVAILABLE.failure());
        }
      });
    return done.future();
  }

  private Future<JsonObject> body(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return response.end().transform(v -> Future.failedFuture("HTTP " + response.statusCode()));
    }
    return response.body().map(bytes -> bytes.toJsonObject());
  }

  private JWTAuth load(JsonObject set) {
    List<JsonObject> signing = new ArrayList<>();
    JsonArray all = set.getJsonArray("keys", new JsonArray());
    for (int i = 0; i < all.size(); i++) {
      JsonObject key = all.getJsonObject(i);
      // Encryption keys (Keycloak publishes one) cannot check a signature.
      if (!"enc".equals(key.getString("use"))) {
        signing.add(key);
      }
    }
    if (signing.isEmpty()) {
      throw new IllegalStateException("no signing keys in the set");
    }
    LOG.debug("key set loaded: {} signing keys", signing.size());
    return JWTAuth.create(vertx, new JWTAuthOptions().setJwks(signing).setJWTOptions(options));
  }
}
