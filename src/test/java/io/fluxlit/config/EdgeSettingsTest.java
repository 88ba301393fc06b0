package io.fluxlit.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client-facing protections' settings (docs/security.md): defaults, aliases, validation. */
class EdgeSettingsTest {


  @Test
  void hasTheDocumentedDefaults() {
    EdgeSettings edge = Settings.defaults().edge();
    assertThat(edge.requestHeaderTimeoutMs()).isEqualTo(20_000);
    assertThat(edge.idleTimeoutMs()).isEqualTo(60_000);
    assertThat(edge.maxConcurrentUpstreamHttp()).isZero();
    assertThat(edge.upstreamQueueTimeoutMs()).isEqualTo(10_000);
    assertThat(edge.securityHeaders()).isTrue();
    assertThat(edge.frameAncestors()).isEqualTo("'self'");
    assertThat(edge.corsEnabled()).isFalse();
    assertThat(edge.corsAllowCredentials()).isFalse();
    assertThat(Settings.defaults().upstream().maxConnections()).isEqualTo(64);
  }

  @Test
  void thePythonFluxLitsPoolNameIsAnAliasOfThePoolSize() {
    assertThat(TestSettings.fromEnv("FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS", "7").upstream().maxConnections()).isEqualTo(7);
    assertThat(TestSettings.fromEnv("FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS", "0").upstream().maxConnections()).isEqualTo(64);
    assertThat(TestSettings.fromEnv("FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS", "7", "FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS", "9")
      .upstream().maxConnections()).as("ours wins when set").isEqualTo(9);
    assertThat(TestSettings.fromEnv("FLUXLIT_GATEWAY_HTTPX_MAX_KEEPALIVE_CONNECTIONS", "3").upstream().maxConnections()).isEqualTo(64);
  }

  @Test
  void corsOriginsAreNormalisedAsBrowsersSendThem() {
    assertThat(TestSettings.fromEnv("FLUXLIT_CORS_ALLOW_ORIGINS", "[\"HTTPS://App.Example:443\", \"http://localhost:3000\"]")
      .edge().corsAllowOrigins()).containsExactly("https://app.example", "http://localhost:3000");
    assertThat(TestSettings.fromEnv("FLUXLIT_CORS_ALLOW_ORIGINS", " https://a.example , http://b.example:80 ").edge().corsAllowOrigins())
      .containsExactly("https://a.example", "http://b.example");
    assertThat(TestSettings.fromEnv("FLUXLIT_CORS_ALLOW_ORIGINS", "*").edge().corsAllowOrigins()).containsExactly("*");
  }

  @Test
  void frameAncestorsAcceptsSourceLists() {
    assertThat(TestSettings.fromEnv("FLUXLIT_FRAME_ANCESTORS", " 'self'   https://*.portal.example ").edge().frameAncestors())
      .isEqualTo("'self' https://*.portal.example");
    assertThat(TestSettings.fromEnv("FLUXLIT_FRAME_ANCESTORS", "'none'").edge().frameAncestors()).isEqualTo("'none'");
  }

  @Test
  void refusesBadValuesWithOneLineNamingTheSetting() {
    Map<String, String> bad = Map.ofEntries(
      Map.entry("FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S", "-1"),
      Map.entry("FLUXLIT_GATEWAY_IDLE_TIMEOUT_S", "soon"),
      Map.entry("FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP", "-3"),
      Map.entry("FLUXLIT_GATEWAY_UPSTREAM_QUEUE_TIMEOUT_S", "1e9"),
      Map.entry("FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS", "lots"),
      Map.entry("FLUXLIT_GATEWAY_HTTPX_MAX_KEEPALIVE_CONNECTIONS", "-1"),
      Map.entry("FLUXLIT_ENABLE_SECURITY_HEADERS", "maybe"),
      Map.entry("FLUXLIT_CORS_ALLOW_CREDENTIALS", "sometimes"));
    bad.forEach((name, value) -> assertThatThrownBy(() -> TestSettings.fromEnv(name, value)).as(name)
      .isInstanceOf(ConfigException.class)
      .hasMessageStartingWith(name + "='" + value + "' is invalid: expected ")
      .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
    for (String origins : List.of("https://a.example/path", "ftp://a.example", "a.example", "[\"https://a.example\"",
      "*, https://a.example", "https://a.example?x=1")) {
      assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_CORS_ALLOW_ORIGINS", origins)).as(origins)
        .hasMessageStartingWith("FLUXLIT_CORS_ALLOW_ORIGINS=");
    }
    for (String ancestors : List.of("", "'self'; script-src *", "'unsafe-inline'", "'none' 'self'", "a,b")) {
      assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_FRAME_ANCESTORS", ancestors)).as(ancestors)
        .hasMessageStartingWith("FLUXLIT_FRAME_ANCESTORS=");
    }
  }

  @Test
  void anyOriginWithCredentialsIsRefused() {
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_CORS_ALLOW_ORIGINS", "*", "FLUXLIT_CORS_ALLOW_CREDENTIALS", "true"))
      .isInstanceOf(ConfigException.class)
      .hasMessage("FLUXLIT_CORS_ALLOW_CREDENTIALS may not be on with FLUXLIT_CORS_ALLOW_ORIGINS=*: list the origins"
        + " that may send credentials");
  }
}
