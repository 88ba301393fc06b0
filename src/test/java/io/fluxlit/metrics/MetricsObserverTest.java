package io.fluxlit.metrics;

import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Settings;
import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.RoutedPath;
import io.vertx.micrometer.Label;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded labels and the recording switch. */
class MetricsObserverTest {

  @Test
  void methodKindIsTheUpperCaseStandardMethodWebSocketOrOther() {
    assertThat(MetricsObserver.methodKind(exchange("GET"))).isEqualTo("GET");
    assertThat(MetricsObserver.methodKind(exchange("patch"))).isEqualTo("PATCH");
    assertThat(MetricsObserver.methodKind(exchange(Exchange.WEBSOCKET))).isEqualTo("WEBSOCKET");
    assertThat(MetricsObserver.methodKind(exchange("PROPFIND"))).isEqualTo("OTHER");
    assertThat(MetricsObserver.methodKind(exchange("X" + System.nanoTime()))).isEqualTo("OTHER");
  }

  @Test
  void closeCodesAreABoundedLabel() {
    assertThat(MetricsObserver.closeCodeLabel(null)).isEqualTo("none");
    assertThat(MetricsObserver.closeCodeLabel((short) 1000)).isEqualTo("1000");
    assertThat(MetricsObserver.closeCodeLabel((short) 1011)).isEqualTo("1011");
    assertThat(MetricsObserver.closeCodeLabel((short) 4321)).isEqualTo("application");
    assertThat(MetricsObserver.closeCodeLabel((short) 2000)).isEqualTo("other");
  }

  @Test
  void catalogNamesMapToMicrometerNames() {
    assertThat(Meters.micrometerName("fluxlit_gateway_requests_total")).isEqualTo("fluxlit.gateway.requests");
    assertThat(Meters.micrometerName("fluxlit_gateway_request_duration_seconds"))
      .isEqualTo("fluxlit.gateway.request.duration");
    assertThat(Meters.micrometerName("fluxlit_upstream_ready")).isEqualTo("fluxlit.upstream.ready");
  }

  @Test
  void metricsAreRecordedWhenEnabledAndNotShadowingTheApi() {
    assertThat(MetricsSetup.recording(settings(Map.of()))).isFalse();
    assertThat(MetricsSetup.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1")))).isTrue();
    assertThat(MetricsSetup.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1",
      "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api/metrics")))).isFalse();
    assertThat(MetricsSetup.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1",
      "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api")))).isFalse();
    // On its own port the path cannot shadow the API.
    assertThat(MetricsSetup.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1",
      "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api/metrics", "FLUXLIT_METRICS_PORT", "9100")))).isTrue();
    assertThat(MetricsSetup.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1",
      "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/apix")))).isTrue();
  }

  @Test
  void vertxMetricsNeverLabelByPath() {
    var options = MetricsSetup.vertxMetricsOptions("x");
    assertThat(options.getLabels()).doesNotContain(Label.HTTP_PATH, Label.REMOTE,
      Label.LOCAL, Label.EB_ADDRESS);
    assertThat(options.getPrometheusOptions().isPublishQuantiles()).isFalse();
    assertThat(options.isJvmMetricsEnabled()).isTrue();
  }

  private static Exchange exchange(String method) {
    return new Exchange("id", new RoutedPath(Dispatch.STREAMLIT, "/", null, "/"), method, "/", null, System.nanoTime());
  }

  private static Settings settings(Map<String, String> env) {
    return ResolvedSettings.resolve(env, Map.of()).settings();
  }
}
