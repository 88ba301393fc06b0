package io.fluxlit.api.auth;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The payload of a JWT read without checking anything: only to choose which verifier checks it
 * (by {@code iss}) and to tell an expired token from a bad one after the check. Never trusted.
 */
final class UnverifiedPayload {

  private UnverifiedPayload() {
  }

  /**
   * @param token a compact JWS
   * @return its payload
   * @throws RuntimeException when it is not a JWT
   */
  static JsonObject of(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a compact JWS");
    }
    return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }
}
