package io.fluxlit.gateway.signin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The sign-ins a browser has started and not finished, kept in its session under their
 * {@code state}: the PKCE verifier, the nonce and the page to go back to. Taking one removes
 * it, so a state works once. A few at a time (tabs opened together), the oldest dropped first,
 * each valid for {@value #VALID_MS} ms.
 */
final class PendingSignIns {

  private static final String KEY = "fluxlit.pending_sign_ins";
  private static final int MOST = 5;
  static final long VALID_MS = 600_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /**
   * One started sign-in.
   *
   * @param state the {@code state} sent to the provider
   * @param verifier the PKCE code verifier
   * @param nonce the {@code nonce} the ID token must carry
   * @param returnTo the same-origin path to go back to
   */
  record Pending(String state, String verifier, String nonce, String returnTo) {

    /** @return the PKCE S256 code challenge of the verifier */
    String challenge() {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return BASE64URL.encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }

  private PendingSignIns() {
  }

  /**
   * @param session the browser's session
   * @param returnTo the checked path to go back to
   * @param nowMs now
   * @return a new sign-in, kept in the session
   */
  static Pending start(Session session, String returnTo, long nowMs) {
    Pending pending = new Pending(random(24), random(48), random(24), returnTo);
    JsonObject all = session.get(KEY);
    JsonObject kept = all == null ? new JsonObject() : all.copy();
    kept.fieldNames().removeIf(state -> nowMs - kept.getJsonObject(state).getLong("at") > VALID_MS);
    while (kept.size() >= MOST) {
      String oldest = kept.fieldNames().stream()
        .min((a, b) -> Long.compare(kept.getJsonObject(a).getLong("at"), kept.getJsonObject(b).getLong("at"))).orElseThrow();
      kept.remove(oldest);
    }
    kept.put(pending.state(), new JsonObject().put("verifier", pending.verifier()).put("nonce", pending.nonce())
      .put("return_to", returnTo).put("at", nowMs));
    session.put(KEY, kept);
    return pending;
  }

  /**
   * @param session the browser's session, may be {@code null}
   * @param state the {@code state} the provider sent back
   * @param nowMs now
   * @return the sign-in it started, removed from the session; {@code null} when unknown, used
   *     already or expired
   */
  static Pending take(Session session, String state, long nowMs) {
    if (session == null || state == null) {
      return null;
    }
    JsonObject all = session.get(KEY);
    if (all == null || !all.containsKey(state)) {
      return null;
    }
    JsonObject kept = all.copy();
    JsonObject found = (JsonObject) kept.remove(state);
    if (kept.isEmpty()) {
      session.remove(KEY);
    } else {
      session.put(KEY, kept);
    }
    if (nowMs - found.getLong("at") > VALID_MS) {
      return null;
    }
    return new Pending(state, found.getString("verifier"), found.getString("nonce"), found.getString("return_to"));
  }

  /** @param session a session that just signed in: no sign-in is pending any more */
  static void clear(Session session) {
    session.remove(KEY);
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return BASE64URL.encodeToString(value);
  }
}
