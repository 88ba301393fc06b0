package io.fluxlit.api.auth;

import io.fluxlit.config.AuthSettings;
import io.fluxlit.identity.OpenIdProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * The issuers whose bearer tokens the API accepts (docs/auth.md#jwt-on-the-api), each with its
 * verifier: the {@code FLUXLIT_JWT_*} settings; the BFF's own tokens (issuer {@value #BFF_ISSUER},
 * audience {@value #BFF_AUDIENCE}, {@code FLUXLIT_OIDC_BFF_SECRET}) when the BFF is on; and, with
 * the sign-in gate on, the gate's provider's tokens issued to its client.
 */
public final class AcceptedIssuers {

  /** The {@code iss} of the tokens the BFF mints (the Python FluxLit's). */
  public static final String BFF_ISSUER = "fluxlit-bff";
  /** The {@code aud} of the tokens the BFF mints (the Python FluxLit's). */
  public static final String BFF_AUDIENCE = "fluxlit-app";

  private AcceptedIssuers() {
  }

  /**
   * @param vertx the API verticle's Vert.x
   * @param settings the sign-in settings
   * @param provider the gate's provider (for its key set), or {@code null} when none is configured
   * @return one verifier per accepted issuer; the {@code FLUXLIT_JWT_*} one first
   */
  public static List<TokenVerifier> of(Vertx vertx, AuthSettings settings, OpenIdProvider provider) {
    List<TokenVerifier> verifiers = new ArrayList<>();
    int leeway = settings.jwtLeewaySeconds();
    if (!settings.jwtHs256Secret().isEmpty()) {
      verifiers.add(TokenVerifier.hs256(vertx, settings.jwtIssuer(), settings.jwtAudience(), settings.jwtHs256Secret(), leeway));
    } else if (!settings.jwtJwksUrl().isEmpty()) {
      String url = settings.jwtJwksUrl();
      verifiers.add(TokenVerifier.keySet(vertx, settings.jwtIssuer(), List.of(settings.jwtAudience()), false,
        () -> Future.succeededFuture(url), leeway));
    }
    if (settings.bffEnabled() && !settings.jwtIssuer().equals(BFF_ISSUER)) {
      verifiers.add(TokenVerifier.hs256(vertx, BFF_ISSUER, BFF_AUDIENCE, settings.bffSecret(), leeway));
    }
    if (settings.gateEnabled() && provider != null && !settings.jwtIssuer().equals(settings.oidcIssuer())) {
      verifiers.add(TokenVerifier.keySet(vertx, settings.oidcIssuer(), List.of(settings.oidcClientId()), true,
        () -> provider.options().map(options -> options.getJwkPath()), leeway));
    }
    return verifiers;
  }
}
