package io.fluxlit.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool's settings: workers, minimum ready, drain timeout, and upstream lists (docs/configuration.md). */
class PoolSettingsTest {


  @Test
  void defaultsAreOneWorkerOneReadyAndFiveMinutesOfDrain() {
    PoolSettings pool = Settings.defaults().pool();
    assertThat(pool.workers()).isEqualTo(1);
    assertThat(pool.minReadyWorkers()).isEqualTo(1);
    assertThat(pool.drainTimeoutMs()).isEqualTo(300_000);
  }

  @Test
  void autoIsOneWorkerPerCore() {
    assertThat(TestSettings.fromEnv("FLUXLIT_STREAMLIT_WORKERS", "auto").pool().workers())
      .isEqualTo(Math.min(64, Runtime.getRuntime().availableProcessors()));
    assertThat(TestSettings.fromEnv("FLUXLIT_STREAMLIT_WORKERS", " 3 ").pool().workers()).isEqualTo(3);
  }

  @Test
  void badValuesStopStartUpWithOneLineNamingTheSetting() {
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_WORKERS", "0")).isInstanceOf(ConfigException.class)
      .hasMessage("FLUXLIT_STREAMLIT_WORKERS='0' is invalid: expected a whole number from 1 to 64, or auto");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_WORKERS", "many"))
      .hasMessage("FLUXLIT_STREAMLIT_WORKERS='many' is invalid: expected a whole number from 1 to 64, or auto");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_DRAIN_TIMEOUT_S", "-5"))
      .hasMessageStartingWith("FLUXLIT_STREAMLIT_DRAIN_TIMEOUT_S='-5' is invalid");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_MIN_READY_WORKERS", "0"))
      .hasMessageStartingWith("FLUXLIT_STREAMLIT_MIN_READY_WORKERS='0' is invalid");
  }

  @Test
  void moreReadyWorkersThanThePoolHoldsIsRefused() {
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_APP", "app.py", "FLUXLIT_STREAMLIT_WORKERS", "2",
      "FLUXLIT_STREAMLIT_MIN_READY_WORKERS", "3"))
      .isInstanceOf(ConfigException.class)
      .hasMessage("FLUXLIT_STREAMLIT_MIN_READY_WORKERS='3' is invalid: expected a whole number from 1 to the"
        + " pool's size (2 workers, FLUXLIT_STREAMLIT_WORKERS)");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:1,http://127.0.0.1:2",
      "FLUXLIT_STREAMLIT_MIN_READY_WORKERS", "3"))
      .hasMessageEndingWith("(2 upstream URLs in FLUXLIT_STREAMLIT_UPSTREAM)");
    // Remote workers may join a clustered gateway: no size to check against.
    assertThat(TestSettings.fromEnv("FLUXLIT_CLUSTER", "1", "FLUXLIT_STREAMLIT_MIN_READY_WORKERS", "3").pool().minReadyWorkers())
      .isEqualTo(3);
  }

  @Test
  void theUpstreamMayBeAListOfDistinctUrls() {
    assertThat(TestSettings.fromEnv("FLUXLIT_STREAMLIT_UPSTREAM", " http://127.0.0.1:8501/ , http://10.0.0.2:8501").upstream().urls())
      .isEqualTo(List.of("http://127.0.0.1:8501", "http://10.0.0.2:8501"));
    assertThat(TestSettings.fromEnv("FLUXLIT_STREAMLIT_UPSTREAM", "http://a:1").upstream().url()).isEqualTo("http://a:1");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_UPSTREAM", "http://a:1,ftp://b"))
      .hasMessageStartingWith("FLUXLIT_STREAMLIT_UPSTREAM='http://a:1,ftp://b' is invalid");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_UPSTREAM", "http://a:1,http://a:1/"))
      .hasMessageContaining("distinct");
  }
}
