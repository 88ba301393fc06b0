package io.fluxlit.api.auth;

import io.fluxlit.config.AuthSettings;
import io.fluxlit.identity.OpenIdProvider;
import io.fluxlit.identity.ReturnPath;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OIDC backend-for-frontend endpoints of the Python FluxLit (docs/auth.md#the-oidc-bff-endpoints),
 * under the API mount: {@code GET /auth/login} sends the browser to the provider (authorization
 * code with PKCE S256, state and nonce); {@code GET /auth/callback} (the URL registered at the
 * provider: {@code FLUXLIT_PUBLIC_BASE_URL} + mount + {@code /auth/callback}) redeems the code,
 * checks the id token, and sends the browser back to the app with a one-time {@code auth_code};
 * {@code POST /auth/exchange} trades that code, once and within {@value #CODE_TTL_S} s, for an
 * HS256 token (issuer {@value AcceptedIssuers#BFF_ISSUER}, audience
 * {@value AcceptedIssuers#BFF_AUDIENCE}) that the API accepts as a bearer token. The provider
 * part is vertx-auth-oauth2's ({@link OpenIdProvider}).
 */
public final class BffEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.auth");
  /** Seconds a one-time code may be exchanged. */
  static final int CODE_TTL_S = 120;
  /** Seconds a sign-in may take at the provider. */
  static final int STATE_TTL_S = 600;
  /** Seconds the minted token is valid. */
  static final int TOKEN_TTL_S = 3600;

  private final OpenIdProvider provider;
  private final AuthSettings settings;
  private final String callbackUrl;
  private final OneTimeValues states;
  private final OneTimeValues codes;
  private final JWTAuth minter;

  /**
   * @param vertx the API verticle's Vert.x
   * @param provider the OpenID provider
   * @param settings the sign-in settings
   * @param publicApiMount the API mount as browsers see it below the public base URL, e.g. {@code /api}
   */
  public BffEndpoints(Vertx vertx, OpenIdProvider provider, AuthSettings settings, String publicApiMount) {
    this.provider = provider;
    this.settings = settings;
    this.callbackUrl = settings.publicBaseUrl() + publicApiMount + "/auth/callback";
    this.states = new OneTimeValues(vertx, "fluxlit.auth.bff.states", STATE_TTL_S * 1000L);
    this.codes = new OneTimeValues(vertx, "fluxlit.auth.bff.codes", CODE_TTL_S * 1000L);
    this.minter = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(settings.bffSecret())));
  }

  /**
   * @param method the request method
   * @param path the path under the API mount
   * @param query the raw query, or {@code null}
   * @param body the request body
   * @return the answer, or {@code null} when the path is not a BFF endpoint
   */
  public Future<BffAnswer> answer(String method, String path, String query, Buffer body) {
    String wanted = switch (path) {
      case "/auth/login", "/auth/callback" -> "GET";
      case "/auth/exchange" -> "POST";
      default -> null;
    };
    if (wanted == null) {
      return null;
    }
    if (!wanted.equals(method) && !("GET".equals(wanted) && "HEAD".equals(method))) {
      return Future.succeededFuture(BffAnswer.json(405, new JsonObject().put("detail", "Method Not Allowed")));
    }
    Map<String, String> params = queryParams(query);
    return switch (path) {
      case "/auth/login" -> login(params.get("return_to"));
      case "/auth/callback" -> callback(params.get("code"), params.get("state"));
      default -> exchange(body);
    };
  }

  private Future<BffAnswer> login(String returnTo) {
    String target = returnTo == null || returnTo.isEmpty() ? "/" : returnTo;
    if (!ReturnPath.isLocal(target)) {
      return Future.succeededFuture(BffAnswer.refused(400, "Invalid return_to: a path on this site is expected", "bad_return_to"));
    }
    String verifier = OneTimeValues.randomToken();
    String nonce = OneTimeValues.randomToken();
    return provider.forSignIn().transform(ready -> {
      if (ready.failed()) {
        return Future.succeededFuture(unavailable());
      }
      JsonObject pending = new JsonObject().put("verifier", verifier).put("nonce", nonce).put("return_to", target);
      return states.put(pending).map(state -> BffAnswer.redirect(ready.result().authorizeURL(new OAuth2AuthorizationURL()
        .setRedirectUri(callbackUrl).setScopes(settings.oidcScopes()).setState(state)
        .setCodeChallenge(challenge(verifier)).setCodeChallengeMethod("S256").putAdditionalParameter("nonce", nonce))));
    });
  }

  private Future<BffAnswer> callback(String code, String state) {
    if (code == null || code.isEmpty() || state == null || state.isEmpty()) {
      return Future.succeededFuture(BffAnswer.refused(400, "Missing code or state", "missing_code_or_state"));
    }
    return states.take(state).compose(pending -> {
      if (pending == null) {
        return Future.succeededFuture(BffAnswer.refused(400, "Invalid or expired state", "invalid_state"));
      }
      return provider.auth().compose(auth -> auth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE)
          .setCode(code).setRedirectUri(callbackUrl).setCodeVerifier(pending.getString("verifier"))))
        .transform(signedIn -> {
          if (signedIn.failed()) {
            return Future.succeededFuture(providerFailure(signedIn.cause()));
          }
          JsonObject claims = idClaims(signedIn.result(), pending.getString("nonce"));
          if (claims == null) {
            return Future.succeededFuture(BffAnswer.refused(502, "Bad Gateway: the provider's id_token is not valid", "invalid_id_token"));
          }
          return codes.put(claims).map(oneTime -> BffAnswer.redirect(appUrl(pending.getString("return_to"), oneTime)));
        });
    });
  }

  private Future<BffAnswer> exchange(Buffer body) {
    String code;
    try {
      code = body.toJsonObject().getString("code");
    } catch (RuntimeException e) {
      code = null;
    }
    if (code == null || code.isEmpty()) {
      return Future.succeededFuture(BffAnswer.refused(422, "A JSON body {\"code\": \"...\"} is required", "missing_code"));
    }
    return codes.take(code).map(claims -> {
      if (claims == null) {
        return BffAnswer.refused(401, "Invalid or expired code", "invalid_code");
      }
      String token = minter.generateToken(claims, new JWTOptions().setAlgorithm("HS256")
        .setIssuer(AcceptedIssuers.BFF_ISSUER).addAudience(AcceptedIssuers.BFF_AUDIENCE).setExpiresInSeconds(TOKEN_TTL_S));
      return BffAnswer.json(200, new JsonObject().put("access_token", token).put("token_type", "bearer"));
    });
  }

  /** The id token vertx-auth-oauth2 checked (signature, issuer, audience, azp), with our nonce; null when there is none. */
  private static JsonObject idClaims(User user, String nonce) {
    JsonObject idToken = user.attributes().getJsonObject("idToken");
    if (idToken == null || idToken.getString("sub") == null || !nonce.equals(idToken.getString("nonce"))) {
      return null;
    }
    JsonObject claims = new JsonObject().put("sub", idToken.getString("sub"));
    for (String name : new String[] {"email", "preferred_username", "name", "groups"}) {
      if (idToken.containsKey(name)) {
        claims.put(name, idToken.getValue(name));
      }
    }
    JsonObject access = user.attributes().getJsonObject("accessToken");
    Object roles = access == null ? idToken.getValue("roles") : access.getValue("roles", idToken.getValue("roles"));
    if (roles instanceof JsonArray) {
      claims.put("roles", roles);
    }
    return claims;
  }

  private BffAnswer providerFailure(Throwable err) {
    if (OpenIdProvider.unreachable(err)) {
      return unavailable();
    }
    LOG.warn("The OpenID provider refused the sign-in: {}", err.getMessage());
    return BffAnswer.refused(502, "Bad Gateway: the provider refused the sign-in", "provider_refused");
  }

  private static BffAnswer unavailable() {
    return new BffAnswer(503, new JsonObject().put("detail", "Service Unavailable: the OpenID provider cannot be reached")
      .put("request_id", RequestId.current()), null, "provider_unavailable");
  }

  private String appUrl(String returnTo, String code) {
    return settings.publicBaseUrl() + returnTo + (returnTo.contains("?") ? "&" : "?") + "auth_code="
      + URLEncoder.encode(code, StandardCharsets.UTF_8);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static Map<String, String> queryParams(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        params.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        // A malformed pair is skipped: the endpoint then answers as if it were missing.
      }
    }
    return params;
  }
}
