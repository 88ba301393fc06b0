package io.fluxlit.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.List;
import java.util.function.Supplier;

/**
 * Checks the bearer tokens of one issuer with vertx-auth-jwt: the signature (never {@code alg=none}),
 * {@code iss}, the audience, and {@code exp} (required), {@code nbf} and {@code iat} within the leeway.
 * Failures become {@link Refusal}s: an expired token {@link Refusal#EXPIRED_TOKEN}, every other bad
 * token {@link Refusal#INVALID_TOKEN}; a token naming an unknown key makes a key set fetch again once.
 */
public final class TokenVerifier {

  /** The shortest time between two fetches of a key set (an unknown {@code kid} asks for one). */
  static final long MIN_REFETCH_MS = 5_000;
  /** Keys older than this are fetched again in the background. */
  static final long MAX_KEY_AGE_MS = 10 * 60_000;

  private final String issuer;
  private final List<String> audiences;
  private final boolean authorizedPartyCounts;
  private final int leewaySeconds;
  private final KeySource keys;

  private TokenVerifier(String issuer, List<String> audiences, boolean authorizedPartyCounts, int leewaySeconds,
                        KeySource keys) {
    this.issuer = issuer;
    this.audiences = List.copyOf(audiences);
    this.authorizedPartyCounts = authorizedPartyCounts;
    this.leewaySeconds = leewaySeconds;
    this.keys = keys;
  }

  /**
   * Tokens signed with a shared HS256 secret.
   *
   * @param vertx the API verticle's Vert.x
   * @param issuer the required {@code iss}
   * @param audience the required {@code aud}
   * @param secret the shared secret
   * @param leewaySeconds clock skew allowed
   * @return the verifier
   */
  public static TokenVerifier hs256(Vertx vertx, String issuer, String audience, String secret, int leewaySeconds) {
    JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(options(issuer, leewaySeconds))
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return new TokenVerifier(issuer, List.of(audience), false, leewaySeconds, KeySource.fixed(auth));
  }

  /**
   * Tokens signed with a key of a JSON Web Key Set.
   *
   * @param vertx the API verticle's Vert.x
   * @param issuer the required {@code iss}
   * @param audiences accepted {@code aud} values (one is enough)
   * @param authorizedPartyCounts whether an {@code azp} among the audiences also counts (tokens an
   *        OpenID provider issued to a client carry its ID there)
   * @param jwksUrl the key set's URL (found by discovery, for a provider)
   * @param leewaySeconds clock skew allowed
   * @return the verifier
   */
  public static TokenVerifier keySet(Vertx vertx, String issuer, List<String> audiences, boolean authorizedPartyCounts,
                                     Supplier<Future<String>> jwksUrl, int leewaySeconds) {
    KeySet set = new KeySet(vertx, jwksUrl, options(issuer, leewaySeconds), MIN_REFETCH_MS, MAX_KEY_AGE_MS);
    return new TokenVerifier(issuer, audiences, authorizedPartyCounts, leewaySeconds, set);
  }

  private static JWTOptions options(String issuer, int leewaySeconds) {
    // The audience is checked below: vertx-auth-jwt knows only aud, not azp.
    return new JWTOptions().setIssuer(issuer).setLeeway(leewaySeconds);
  }

  /** @return the issuer whose tokens this verifier checks */
  public String issuer() {
    return issuer;
  }

  /**
   * @param token the bearer token
   * @return its verified claims; fails with a {@link Refusal.Refused}
   */
  public Future<JsonObject> verify(String token) {
    return keys.current().compose(auth -> attempt(auth, token)).recover(err -> {
      if (err instanceof NoSuchKeyIdException) {
        // A key not seen yet (a rotation): fetch the set again, at most once per MIN_REFETCH_MS.
        return keys.refetch().compose(newer -> newer
          ? keys.current().compose(auth -> attempt(auth, token)).recover(again -> Future.failedFuture(refusal(again, token)))
          : Future.failedFuture(Refusal.INVALID_TOKEN.failure()));
      }
      return Future.failedFuture(refusal(err, token));
    });
  }

  private Future<JsonObject> attempt(JWTAuth auth, String token) {
    return auth.authenticate(new TokenCredentials(token)).compose(this::claims);
  }

  private Future<JsonObject> claims(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    if (claims == null || !(claims.getValue("exp") instanceof Number) || !audienceMatches(claims)) {
      return Future.failedFuture(Refusal.INVALID_TOKEN.failure());
    }
    return Future.succeededFuture(claims);
  }

  private boolean audienceMatches(JsonObject claims) {
    Object aud = claims.getValue("aud");
    JsonArray list = aud instanceof String one ? new JsonArray().add(one) : aud instanceof JsonArray many ? many : new JsonArray();
    for (String audience : audiences) {
      if (list.contains(audience) || authorizedPartyCounts && audience.equals(claims.getString("azp"))) {
        return true;
      }
    }
    return false;
  }

  /** The refusal a failed check gets: expired only when {@code exp} itself has passed. */
  private Throwable refusal(Throwable err, String token) {
    if (err instanceof Refusal.Refused refused) {
      return refused;
    }
    if (String.valueOf(err.getMessage()).contains("token expired") && expired(token)) {
      return Refusal.EXPIRED_TOKEN.failure();
    }
    return Refusal.INVALID_TOKEN.failure();
  }

  /** Reached only after the signature and issuer passed (vertx-auth-jwt checks the time last). */
  private boolean expired(String token) {
    try {
      Object exp = UnverifiedPayload.of(token).getValue("exp");
      return exp instanceof Number seconds && System.currentTimeMillis() / 1000 - leewaySeconds >= seconds.longValue();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
