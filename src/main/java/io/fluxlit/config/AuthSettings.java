package io.fluxlit.config;

import java.util.List;

/**
 * Sign-in (docs/auth.md): the API's JWT bearer check, the OIDC BFF endpoints under the API mount,
 * and the sign-in gate in front of the whole app. Validated with the rest of {@link Settings}.
 *
 * @param jwtIssuer required {@code iss} of bearer tokens, empty when the JWT check is off
 * @param jwtAudience required {@code aud} of bearer tokens
 * @param jwtHs256Secret the HS256 key of bearer tokens, or empty
 * @param jwtJwksUrl the key set URL of RS256/ES256 bearer tokens, or empty
 * @param jwtLeewaySeconds clock skew allowed on {@code exp}, {@code nbf}, {@code iat}
 * @param bffSecret the HS256 key of the tokens the BFF mints; empty = the BFF endpoints are off
 * @param publicBaseUrl the URL browsers use to reach the gateway, without a trailing slash, or empty
 * @param oidcIssuer the OpenID provider's issuer URL, or empty
 * @param oidcClientId the client ID at the provider
 * @param oidcClientSecret the client secret, empty for a public client
 * @param oidcScopes the scopes asked for, {@code openid} first
 * @param cookieSecret the key signing the gate's session cookie, or empty for a random one per start
 * @param allowedEmails email addresses allowed in by the gate (empty lists allow everyone signed in)
 * @param allowedDomains email domains allowed in by the gate
 * @param allowedGroups groups allowed in by the gate
 * @param publicPaths paths the gate never guards, besides the probes and the scrape
 * @param sessionIdleMs the gate session's idle lifetime
 * @param sessionMaxMs the gate session's absolute lifetime
 * @param gateSwitch {@code FLUXLIT_AUTH_GATE} as set; the gate runs only with an issuer too ({@link #gateEnabled()})
 */
public record AuthSettings(String jwtIssuer, String jwtAudience, String jwtHs256Secret, String jwtJwksUrl,
                           int jwtLeewaySeconds, String bffSecret, String publicBaseUrl, String oidcIssuer,
                           String oidcClientId, String oidcClientSecret, List<String> oidcScopes,
                           String cookieSecret, List<String> allowedEmails, List<String> allowedDomains,
                           List<String> allowedGroups, List<String> publicPaths, long sessionIdleMs,
                           long sessionMaxMs, boolean gateSwitch) {

  static AuthSettings from(SettingValues values) {
    AuthSettings auth = new AuthSettings(values.get(Setting.FLUXLIT_JWT_ISSUER),
      values.get(Setting.FLUXLIT_JWT_AUDIENCE), values.get(Setting.FLUXLIT_JWT_HS256_SECRET),
      values.get(Setting.FLUXLIT_JWT_JWKS_URL), values.get(Setting.FLUXLIT_JWT_LEEWAY_SECONDS),
      values.get(Setting.FLUXLIT_OIDC_BFF_SECRET), values.get(Setting.FLUXLIT_PUBLIC_BASE_URL),
      values.get(Setting.FLUXLIT_AUTH_OIDC_ISSUER), values.get(Setting.FLUXLIT_AUTH_OIDC_CLIENT_ID),
      values.get(Setting.FLUXLIT_AUTH_OIDC_CLIENT_SECRET), values.get(Setting.FLUXLIT_AUTH_OIDC_SCOPES),
      values.get(Setting.FLUXLIT_AUTH_COOKIE_SECRET), values.get(Setting.FLUXLIT_AUTH_ALLOWED_EMAILS),
      values.get(Setting.FLUXLIT_AUTH_ALLOWED_DOMAINS), values.get(Setting.FLUXLIT_AUTH_ALLOWED_GROUPS),
      values.get(Setting.FLUXLIT_AUTH_PUBLIC_PATHS), values.get(Setting.FLUXLIT_AUTH_SESSION_IDLE_S),
      values.get(Setting.FLUXLIT_AUTH_SESSION_MAX_S), values.get(Setting.FLUXLIT_AUTH_GATE));
    auth.check();
    return auth;
  }

  /** The combinations a start-up refuses, each in one line naming the settings. */
  private void check() {
    if (!jwtHs256Secret.isEmpty() && !jwtJwksUrl.isEmpty()) {
      throw new ConfigException(Setting.FLUXLIT_JWT_HS256_SECRET, " and " + Setting.FLUXLIT_JWT_JWKS_URL.envName()
        + " are both set: use one of the two (HS256 with a shared secret, or a key set)");
    }
    if (jwtEnabled()) {
      // exp, iss and aud are always checked (docs/auth.md#jwt-on-the-api): a token of any issuer
      // or audience would otherwise pass.
      requireWithJwt(Setting.FLUXLIT_JWT_ISSUER, jwtIssuer);
      requireWithJwt(Setting.FLUXLIT_JWT_AUDIENCE, jwtAudience);
    }
    if (bffEnabled() && oidcIssuer.isEmpty()) {
      throw new ConfigException(Setting.FLUXLIT_AUTH_OIDC_ISSUER, " is required with "
        + Setting.FLUXLIT_OIDC_BFF_SECRET.envName() + ": it names the provider the BFF signs in with");
    }
    if (!oidcIssuer.isEmpty() && oidcClientId.isEmpty()) {
      throw new ConfigException(Setting.FLUXLIT_AUTH_OIDC_CLIENT_ID, " is required with "
        + Setting.FLUXLIT_AUTH_OIDC_ISSUER.envName());
    }
    if ((bffEnabled() || gateEnabled()) && publicBaseUrl.isEmpty()) {
      throw new ConfigException(Setting.FLUXLIT_PUBLIC_BASE_URL, " is required with "
        + (bffEnabled() ? Setting.FLUXLIT_OIDC_BFF_SECRET : Setting.FLUXLIT_AUTH_OIDC_ISSUER).envName()
        + ": the provider sends the browser back to a URL built on it");
    }
  }

  private static void requireWithJwt(Setting setting, String value) {
    if (value.isEmpty()) {
      throw new ConfigException(setting, " is required with " + Setting.FLUXLIT_JWT_HS256_SECRET.envName()
        + " or " + Setting.FLUXLIT_JWT_JWKS_URL.envName() + " (exp, iss and aud are always checked)");
    }
  }

  /** @return whether the API checks bearer tokens of {@code FLUXLIT_JWT_*} (a secret or a key set is set) */
  public boolean jwtEnabled() {
    return !jwtHs256Secret.isEmpty() || !jwtJwksUrl.isEmpty();
  }

  /** @return whether the OIDC BFF endpoints are served under the API mount */
  public boolean bffEnabled() {
    return !bffSecret.isEmpty();
  }

  /** @return whether an OpenID provider is configured (for the gate, the BFF, or both) */
  public boolean oidcEnabled() {
    return !oidcIssuer.isEmpty();
  }

  /** @return whether the sign-in gate guards the whole app: an issuer is set and FLUXLIT_AUTH_GATE is on */
  public boolean gateEnabled() {
    return oidcEnabled() && gateSwitch;
  }
}
