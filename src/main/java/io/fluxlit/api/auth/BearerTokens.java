package io.fluxlit.api.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * The bearer check of the API (docs/auth.md#jwt-on-the-api): reads the {@code Authorization}
 * header the way the Python FluxLit does and hands the token to the verifier of its issuer: the
 * {@code FLUXLIT_JWT_*} settings, the BFF's own tokens, the sign-in gate's provider. A token of no
 * known issuer is invalid.
 */
public final class BearerTokens {

  private final List<TokenVerifier> verifiers;

  /** @param verifiers one per accepted issuer; empty = no token can be checked */
  public BearerTokens(List<TokenVerifier> verifiers) {
    this.verifiers = List.copyOf(verifiers);
  }

  /** @return whether any token can be checked */
  public boolean configured() {
    return !verifiers.isEmpty();
  }

  /**
   * @param authorization the request's {@code Authorization} header, or {@code null}
   * @return whether it carries a bearer token at all (even an empty one)
   */
  public static boolean present(String authorization) {
    return authorization != null && scheme(authorization).equals("bearer");
  }

  /**
   * @param authorization the request's {@code Authorization} header, or {@code null}
   * @return the verified claims; fails with a {@link Refusal.Refused}
   */
  public Future<JsonObject> verify(String authorization) {
    if (!present(authorization)) {
      return Future.failedFuture(Refusal.MISSING_TOKEN.failure());
    }
    // "Bearer " arrives as "Bearer": the HTTP server drops trailing spaces of a header value.
    String token = authorization.trim().substring("bearer".length()).trim();
    if (token.isEmpty()) {
      return Future.failedFuture(Refusal.EMPTY_TOKEN.failure());
    }
    if (verifiers.isEmpty()) {
      return Future.failedFuture(Refusal.NOT_CONFIGURED.failure());
    }
    String issuer;
    try {
      issuer = UnverifiedPayload.of(token).getString("iss");
    } catch (RuntimeException notAJwt) {
      return Future.failedFuture(Refusal.INVALID_TOKEN.failure());
    }
    for (TokenVerifier verifier : verifiers) {
      if (verifier.issuer().equals(issuer)) {
        return verifier.verify(token);
      }
    }
    return Future.failedFuture(Refusal.INVALID_TOKEN.failure());
  }

  private static String scheme(String authorization) {
    String value = authorization.trim();
    int space = value.indexOf(' ');
    return (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
  }
}
