package io.fluxlit.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Values that may be taken once, before they expire: the BFF's sign-in states and one-time codes
 * (docs/auth.md#the-oidc-bff-endpoints). Kept in a Vert.x shared-data {@link AsyncMap}, which is
 * the cluster's (Hazelcast) when the event bus is clustered, so a sign-in started on one gateway
 * replica finishes on another; {@link #take} removes the value in the same step it reads it, so
 * a replayed state or code finds nothing.
 */
final class OneTimeValues {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Future<AsyncMap<String, JsonObject>> map;
  private final long ttlMs;

  /**
   * @param vertx the API verticle's Vert.x
   * @param name the map's name
   * @param ttlMs how long a value may be taken
   */
  OneTimeValues(Vertx vertx, String name, long ttlMs) {
    this.map = vertx.sharedData().getAsyncMap(name);
    this.ttlMs = ttlMs;
  }

  /**
   * @param value what the key will give back once
   * @return a new unguessable key (256 random bits, base64url)
   */
  Future<String> put(JsonObject value) {
    String key = randomToken();
    return map.compose(values -> values.put(key, value, ttlMs)).map(key);
  }

  /**
   * @param key a key handed out by {@link #put}
   * @return its value, or {@code null} when it never existed, expired or was taken already
   */
  Future<JsonObject> take(String key) {
    return map.compose(values -> values.remove(key));
  }

  /** @return 256 random bits, base64url without padding */
  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
