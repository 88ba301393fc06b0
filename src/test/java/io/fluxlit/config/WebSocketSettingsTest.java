package io.fluxlit.config;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WebSocket liveness, origin and admission settings, and the managed Streamlit's XSRF switch. */
class WebSocketSettingsTest {


  @Test
  void defaultsAreThePythonFluxLitsKeepaliveAndNoLimits() {
    Settings settings = Settings.defaults();
    assertThat(settings.webSocket().pingIntervalMs()).isEqualTo(20_000);
    WebSocketSettings limits = settings.webSocket();
    assertThat(limits.pingTimeoutMs()).isEqualTo(20_000);
    assertThat(limits.closeTimeoutMs()).isEqualTo(10_000);
    assertThat(limits.maxSessions()).isZero();
    assertThat(limits.allowedOrigins().any()).isFalse();
    assertThat(limits.allowedOrigins().origins()).isEmpty();
    assertThat(settings.sidecar().xsrfProtection()).isTrue();
    assertThat(limits.compression()).as("WebSocket compression, off as in Streamlit and nginx").isFalse();
    assertThat(limits.compressionLevel()).isEqualTo(1);
  }

  @Test
  void compressionIsASwitchWithALevel() {
    WebSocketSettings on = TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_COMPRESSION", "on",
      "FLUXLIT_GATEWAY_WS_COMPRESSION_LEVEL", "9").webSocket();
    assertThat(on.compression()).isTrue();
    assertThat(on.compressionLevel()).isEqualTo(9);
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_COMPRESSION", "deflate"))
      .hasMessage("FLUXLIT_GATEWAY_WS_COMPRESSION='deflate' is invalid: expected one of 1/0, true/false, yes/no, on/off");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_COMPRESSION_LEVEL", "0"))
      .hasMessage("FLUXLIT_GATEWAY_WS_COMPRESSION_LEVEL='0' is invalid: expected a whole number from 1 to 9");
  }

  @Test
  void parsesEachValue() {
    Settings settings = TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S", "0.25", "FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S", "1.5",
      "FLUXLIT_GATEWAY_MAX_WEBSOCKETS", "300", "FLUXLIT_STREAMLIT_XSRF_PROTECTION", "0",
      "FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS", " https://App.Example.com , http://127.0.0.1:80, https://x.test:8443/ ");
    WebSocketSettings limits = settings.webSocket();
    assertThat(limits.pingTimeoutMs()).isEqualTo(250);
    assertThat(limits.closeTimeoutMs()).isEqualTo(1500);
    assertThat(limits.maxSessions()).isEqualTo(300);
    assertThat(settings.sidecar().xsrfProtection()).isFalse();
    assertThat(limits.allowedOrigins().origins())
      .containsExactlyInAnyOrder("https://app.example.com", "http://127.0.0.1", "https://x.test:8443");
    assertThat(TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS", "[\"https://a.test\", \"http://b.test:81\"]")
      .webSocket().allowedOrigins().origins()).containsExactlyInAnyOrder("https://a.test", "http://b.test:81");
    assertThat(TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S", "0").webSocket().pingTimeoutMs()).isZero();
    assertThat(TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS", "https://a.test,*").webSocket().allowedOrigins().any()).isTrue();
  }

  @Test
  void refusesBadValuesWithOneLineNamingTheSetting() {
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S", "-1")).isInstanceOf(ConfigException.class)
      .hasMessage("FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S='-1' is invalid: expected seconds >= 0 (up to 86400), e.g. 1.5");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S", "0"))
      .hasMessage("FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S='0' is invalid: expected seconds > 0 (up to 86400), e.g. 1.5");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_GATEWAY_MAX_WEBSOCKETS", "many"))
      .hasMessage("FLUXLIT_GATEWAY_MAX_WEBSOCKETS='many' is invalid: expected a whole number from 0 to 10000000");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_XSRF_PROTECTION", "perhaps"))
      .hasMessage("FLUXLIT_STREAMLIT_XSRF_PROTECTION='perhaps' is invalid: expected one of 1/0, true/false, yes/no, on/off");
    for (String bad : new String[] {"app.example.com", "https://app.example.com/path", "ws://a.test", "null",
      "https://a.test?x=1", "https://user@a.test"}) {
      assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS", "https://ok.test," + bad))
        .hasMessage("FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS='https://ok.test," + bad + "' is invalid: expected comma-separated"
          + " origins such as https://app.example.com or http://127.0.0.1:8000 (no path), or *");
    }
  }

  @Test
  void serialisesOriginsAsBrowsersDo() {
    assertThat(AllowedOrigins.serialise("HTTPS://Example.COM:443")).isEqualTo("https://example.com");
    assertThat(AllowedOrigins.serialise("http://example.com:8080")).isEqualTo("http://example.com:8080");
    assertThat(AllowedOrigins.serialise("http://[::1]:8000")).isEqualTo("http://[::1]:8000");
    assertThat(AllowedOrigins.serialise("null")).isNull();
    assertThat(AllowedOrigins.serialise("")).isNull();
    assertThat(AllowedOrigins.of("https", "example.com:443")).isEqualTo("https://example.com");
    assertThat(AllowedOrigins.parse("https://a.test").allows("https://A.test:443")).isTrue();
    assertThat(AllowedOrigins.parse("https://a.test").allows("http://a.test")).isFalse();
  }
}
