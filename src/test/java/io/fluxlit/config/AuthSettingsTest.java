package io.fluxlit.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sign-in settings (docs/auth.md): defaults, what turns each part on, the refused combinations. */
class AuthSettingsTest {

  private static final String[] BFF = {"FLUXLIT_OIDC_BFF_SECRET", "s", "FLUXLIT_AUTH_OIDC_ISSUER", "https://idp.example/realms/a",
    "FLUXLIT_AUTH_OIDC_CLIENT_ID", "app", "FLUXLIT_PUBLIC_BASE_URL", "https://app.example/"};

  @Test
  void everythingIsOffByDefault() {
    AuthSettings auth = Settings.defaults().auth();
    assertThat(auth.jwtEnabled()).isFalse();
    assertThat(auth.bffEnabled()).isFalse();
    assertThat(auth.gateEnabled()).isFalse();
    assertThat(auth.jwtLeewaySeconds()).isZero();
    assertThat(auth.oidcScopes()).containsExactly("openid", "profile", "email");
    assertThat(auth.gateSwitch()).isTrue();
  }

  @Test
  void aSecretOrAKeySetTurnsTheJwtCheckOn() {
    assertThat(TestSettings.fromEnv("FLUXLIT_JWT_HS256_SECRET", "k", "FLUXLIT_JWT_ISSUER", "i", "FLUXLIT_JWT_AUDIENCE", "a")
      .auth().jwtEnabled()).isTrue();
    AuthSettings jwks = TestSettings.fromEnv("FLUXLIT_JWT_JWKS_URL", "http://127.0.0.1:9/certs", "FLUXLIT_JWT_ISSUER", "i",
      "FLUXLIT_JWT_AUDIENCE", "a", "FLUXLIT_JWT_LEEWAY_SECONDS", "30").auth();
    assertThat(jwks.jwtEnabled()).isTrue();
    assertThat(jwks.jwtLeewaySeconds()).isEqualTo(30);
  }

  @Test
  void bothKeySourcesStopStartUpNamingBoth() {
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_JWT_HS256_SECRET", "k", "FLUXLIT_JWT_JWKS_URL", "http://h/certs",
      "FLUXLIT_JWT_ISSUER", "i", "FLUXLIT_JWT_AUDIENCE", "a"))
      .isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("FLUXLIT_JWT_HS256_SECRET and FLUXLIT_JWT_JWKS_URL are both set");
  }

  @Test
  void theJwtCheckNeedsAnIssuerAndAnAudience() {
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_JWT_HS256_SECRET", "k", "FLUXLIT_JWT_AUDIENCE", "a"))
      .hasMessageStartingWith("FLUXLIT_JWT_ISSUER is required");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_JWT_JWKS_URL", "http://h/certs", "FLUXLIT_JWT_ISSUER", "i"))
      .hasMessageStartingWith("FLUXLIT_JWT_AUDIENCE is required");
  }

  @Test
  void theBffNeedsAProviderAClientAndThePublicUrl() {
    AuthSettings auth = TestSettings.fromEnv(BFF).auth();
    assertThat(auth.bffEnabled()).isTrue();
    assertThat(auth.publicBaseUrl()).isEqualTo("https://app.example");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_OIDC_BFF_SECRET", "s"))
      .hasMessageStartingWith("FLUXLIT_AUTH_OIDC_ISSUER is required with FLUXLIT_OIDC_BFF_SECRET");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_AUTH_OIDC_ISSUER", "https://idp.example"))
      .hasMessageStartingWith("FLUXLIT_AUTH_OIDC_CLIENT_ID is required");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_OIDC_BFF_SECRET", "s", "FLUXLIT_AUTH_OIDC_ISSUER", "https://idp.example",
      "FLUXLIT_AUTH_OIDC_CLIENT_ID", "app", "FLUXLIT_AUTH_GATE", "off"))
      .hasMessageStartingWith("FLUXLIT_PUBLIC_BASE_URL is required with FLUXLIT_OIDC_BFF_SECRET");
  }

  @Test
  void anIssuerTurnsTheGateOnUnlessItIsSwitchedOff() {
    String[] gate = {"FLUXLIT_AUTH_OIDC_ISSUER", "https://idp.example", "FLUXLIT_AUTH_OIDC_CLIENT_ID", "app",
      "FLUXLIT_PUBLIC_BASE_URL", "https://app.example", "FLUXLIT_AUTH_OIDC_SCOPES", "email groups"};
    AuthSettings on = TestSettings.fromEnv(gate).auth();
    assertThat(on.gateEnabled()).isTrue();
    assertThat(on.oidcScopes()).containsExactly("openid", "email", "groups");
    String[] off = java.util.Arrays.copyOf(gate, gate.length + 2);
    off[gate.length] = "FLUXLIT_AUTH_GATE";
    off[gate.length + 1] = "off";
    assertThat(TestSettings.fromEnv(off).auth().gateEnabled()).isFalse();
  }

  @Test
  void secretsAreRedacted() {
    assertThat(SettingRedaction.redact("FLUXLIT_JWT_HS256_SECRET", "k")).isEqualTo(SettingRedaction.REDACTED);
    assertThat(SettingRedaction.redact("FLUXLIT_OIDC_BFF_SECRET", "k")).isEqualTo(SettingRedaction.REDACTED);
    assertThat(SettingRedaction.redact("FLUXLIT_AUTH_OIDC_CLIENT_SECRET", "k")).isEqualTo(SettingRedaction.REDACTED);
    assertThat(SettingRedaction.redact("FLUXLIT_AUTH_COOKIE_SECRET", "k")).isEqualTo(SettingRedaction.REDACTED);
  }
}
