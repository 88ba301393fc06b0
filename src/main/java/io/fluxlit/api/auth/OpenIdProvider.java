package io.fluxlit.api.auth;

import io.fluxlit.config.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenID provider named by {@code FLUXLIT_AUTH_OIDC_*}, found with vertx-auth-oauth2's OpenID
 * Connect discovery ({@code <issuer>/.well-known/openid-configuration}) on first use, not at
 * start-up, so a provider that is down does not stop the gateway: until discovery succeeds every
 * caller gets the failure (the BFF answers 503), and the next caller tries again, at most once per
 * {@link #RETRY_MS}. Used from the API verticle's event loop only.
 */
public final class OpenIdProvider {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.auth");
  /** The shortest time between two discovery attempts after a failure. */
  static final long RETRY_MS = 2_000;

  private final Vertx vertx;
  private final AuthSettings settings;
  private Future<OAuth2Auth> discovered;
  private long failedAt = Long.MIN_VALUE / 2;
  private OAuth2Options options;

  /**
   * @param vertx the API verticle's Vert.x
   * @param settings the provider's settings
   */
  public OpenIdProvider(Vertx vertx, AuthSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  /** @return the provider's issuer as configured */
  public String issuer() {
    return settings.oidcIssuer();
  }

  /** @return the client ID */
  public String clientId() {
    return settings.oidcClientId();
  }

  /** @return the discovered provider; fails while it cannot be reached */
  public Future<OAuth2Auth> auth() {
    if (discovered != null && (discovered.succeeded() || !discovered.isComplete()
      || System.currentTimeMillis() - failedAt < RETRY_MS)) {
      return discovered;
    }
    OAuth2Options attempt = new OAuth2Options().setSite(settings.oidcIssuer()).setClientId(settings.oidcClientId());
    if (!settings.oidcClientSecret().isEmpty()) {
      attempt.setClientSecret(settings.oidcClientSecret());
    }
    discovered = OpenIDConnectAuth.discover(vertx, attempt)
      .onSuccess(auth -> {
        options = attempt;
        // An id token signed with a key discovered later (a rotation): fetch the provider's set again.
        auth.missingKeyHandler(kid -> auth.jWKSet().onFailure(err ->
          LOG.warn("The OpenID provider's key set cannot be fetched: {}", err.getMessage())));
      })
      .onFailure(err -> {
        failedAt = System.currentTimeMillis();
        LOG.warn("The OpenID provider {} cannot be discovered: {}", settings.oidcIssuer(), err.getMessage());
      });
    return discovered;
  }

  /** @return the discovered options (endpoints, key set URL) once {@link #auth()} succeeded */
  public Future<OAuth2Options> options() {
    return auth().map(auth -> options);
  }
}
