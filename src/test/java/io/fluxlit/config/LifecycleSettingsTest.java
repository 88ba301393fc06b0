package io.fluxlit.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sidecar supervision and graceful shutdown settings: defaults and refused values. */
class LifecycleSettingsTest {

  private static Settings env(String name, String value) {
    return ResolvedSettings.resolve(Map.of(name, value), Map.of()).settings();
  }

  @Test
  void defaults() {
    Settings settings = Settings.defaults();
    assertThat(settings.sidecar().restartMax()).isEqualTo(5);
    assertThat(settings.sidecar().backoffInitialMs()).isEqualTo(500);
    assertThat(settings.sidecar().backoffMaxMs()).isEqualTo(30_000);
    assertThat(settings.gateway().gracefulShutdownTimeoutMs()).isEqualTo(10_000);
  }

  @Test
  void acceptedValues() {
    assertThat(env("FLUXLIT_SIDECAR_RESTART_MAX", " 0 ").sidecar().restartMax()).isZero();
    assertThat(env("FLUXLIT_SIDECAR_BACKOFF_INITIAL_S", "0.25").sidecar().backoffInitialMs()).isEqualTo(250);
    assertThat(env("FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S", "0").gateway().gracefulShutdownTimeoutMs()).isZero();
    assertThat(env("FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S", "2.5").gateway().gracefulShutdownTimeoutMs()).isEqualTo(2_500);
  }

  @Test
  void badValuesNameTheSetting() {
    assertThatThrownBy(() -> env("FLUXLIT_SIDECAR_RESTART_MAX", "-1")).isInstanceOf(ConfigException.class)
      .hasMessage("FLUXLIT_SIDECAR_RESTART_MAX='-1' is invalid: expected a whole number from 0 to 1000");
    assertThatThrownBy(() -> env("FLUXLIT_SIDECAR_RESTART_MAX", "many")).isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("FLUXLIT_SIDECAR_RESTART_MAX='many' is invalid");
    assertThatThrownBy(() -> env("FLUXLIT_SIDECAR_BACKOFF_INITIAL_S", "0")).isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("FLUXLIT_SIDECAR_BACKOFF_INITIAL_S='0' is invalid: expected seconds > 0");
    assertThatThrownBy(() -> env("FLUXLIT_SIDECAR_BACKOFF_MAX_S", "x")).isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("FLUXLIT_SIDECAR_BACKOFF_MAX_S='x' is invalid");
    assertThatThrownBy(() -> env("FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S", "-1")).isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S='-1' is invalid: expected seconds >= 0");
  }

  @Test
  void theMaximumBackoffMayNotBeShorterThanTheFirst() {
    assertThatThrownBy(() -> ResolvedSettings.resolve(Map.of(
        "FLUXLIT_SIDECAR_BACKOFF_INITIAL_S", "5", "FLUXLIT_SIDECAR_BACKOFF_MAX_S", "2"), Map.of()))
      .isInstanceOf(ConfigException.class)
      .hasMessage("FLUXLIT_SIDECAR_BACKOFF_MAX_S='2' is invalid: expected seconds >= FLUXLIT_SIDECAR_BACKOFF_INITIAL_S (5)");
  }
}
