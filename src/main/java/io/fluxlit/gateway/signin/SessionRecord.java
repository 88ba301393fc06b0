package io.fluxlit.gateway.signin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;

/**
 * What a signed-in session keeps: the user, when they signed in, and the provider's tokens
 * (never logged, never sent to Streamlit), as JSON so that a clustered store can carry it.
 *
 * @param user the signed-in user
 * @param signedInAtMs when they signed in (epoch ms), for the absolute lifetime
 * @param accessExpiresAtMs when the access token expires (epoch ms); then it is refreshed
 * @param tokens the provider's token answer ({@code access_token}, {@code refresh_token}, {@code id_token})
 */
record SessionRecord(SignedInUser user, long signedInAtMs, long accessExpiresAtMs, JsonObject tokens) {

  /**
   * @param principal the provider's answer to a refresh
   * @param nowMs now
   * @return this record with the new tokens (a refresh token the answer lacks is kept)
   */
  SessionRecord refreshed(JsonObject principal, long nowMs) {
    SessionRecord next = of(user, signedInAtMs, principal, nowMs);
    for (String name : new String[] {"refresh_token", "id_token"}) {
      if (next.tokens.getValue(name) == null && tokens.getValue(name) != null) {
        next.tokens.put(name, tokens.getValue(name));
      }
    }
    return next;
  }

  /**
   * @param user the signed-in user
   * @param signedInAtMs when they signed in
   * @param principal the provider's token answer
   * @param nowMs now
   * @return the record
   */
  static SessionRecord of(SignedInUser user, long signedInAtMs, JsonObject principal, long nowMs) {
    JsonObject tokens = new JsonObject();
    for (String name : new String[] {"access_token", "refresh_token", "id_token", "token_type"}) {
      if (principal.getValue(name) != null) {
        tokens.put(name, principal.getValue(name));
      }
    }
    long expiresIn = principal.getLong("expires_in", 300L);
    return new SessionRecord(user, signedInAtMs, nowMs + expiresIn * 1000, tokens);
  }

  /**
   * @param json what {@link #toJson()} wrote
   * @return the record
   */
  static SessionRecord of(JsonObject json) {
    return new SessionRecord(SignedInUser.ofClaims(json.getJsonObject("user")), json.getLong("signed_in_at"),
      json.getLong("access_expires_at"), json.getJsonObject("tokens"));
  }

  /** @return the record as the session keeps it */
  JsonObject toJson() {
    return new JsonObject().put("user", user.toJson()).put("signed_in_at", signedInAtMs)
      .put("access_expires_at", accessExpiresAtMs).put("tokens", tokens);
  }

  /** @return the tokens as a vertx-auth user, for refresh and logout */
  User asUser() {
    return User.create(tokens.copy());
  }

  /** @return whether the access token has expired (with 5 s to spare) */
  boolean accessExpired(long nowMs) {
    return nowMs >= accessExpiresAtMs - 5_000;
  }

  /** @return whether there is a refresh token */
  boolean refreshable() {
    return tokens.getString("refresh_token") != null;
  }
}
