package io.fluxlit.metrics;

import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Settings;
import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.RoutedPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded labels and the recording switch. */
class GatewayMetricsTest {

  @Test
  void methodKindIsTheUpperCaseStandardMethodWebSocketOrOther() {
    assertThat(GatewayMetrics.methodKind(exchange("GET"))).isEqualTo("GET");
    assertThat(GatewayMetrics.methodKind(exchange("patch"))).isEqualTo("PATCH");
    assertThat(GatewayMetrics.methodKind(exchange(Exchange.WEBSOCKET))).isEqualTo("WEBSOCKET");
    assertThat(GatewayMetrics.methodKind(exchange("PROPFIND"))).isEqualTo("OTHER");
    assertThat(GatewayMetrics.methodKind(exchange("X" + System.nanoTime()))).isEqualTo("OTHER");
  }

  @Test
  void closeCodesAreABoundedLabel() {
    assertThat(GatewayMetrics.closeCodeLabel(null)).isEqualTo("none");
    assertThat(GatewayMetrics.closeCodeLabel((short) 1000)).isEqualTo("1000");
    assertThat(GatewayMetrics.closeCodeLabel((short) 1011)).isEqualTo("1011");
    assertThat(GatewayMetrics.closeCodeLabel((short) 4321)).isEqualTo("application");
    assertThat(GatewayMetrics.closeCodeLabel((short) 2000)).isEqualTo("other");
  }

  @Test
  void catalogNamesMapToMicrometerNames() {
    assertThat(GatewayMeters.micrometerName("fluxlit_gateway_requests_total")).isEqualTo("fluxlit.gateway.requests");
    assertThat(GatewayMeters.micrometerName("fluxlit_gateway_request_duration_seconds"))
      .isEqualTo("fluxlit.gateway.request.duration");
    assertThat(GatewayMeters.micrometerName("fluxlit_upstream_ready")).isEqualTo("fluxlit.upstream.ready");
  }

  @Test
  void metricsAreRecordedWhenEnabledAndNotShadowingTheApi() {
    assertThat(FluxLitMetrics.recording(settings(Map.of()))).isFalse();
    assertThat(FluxLitMetrics.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1")))).isTrue();
    assertThat(FluxLitMetrics.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1",
      "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api/metrics")))).isFalse();
    assertThat(FluxLitMetrics.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1",
      "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api")))).isFalse();
    // On its own port the path cannot shadow the API.
    assertThat(FluxLitMetrics.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1",
      "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api/metrics", "FLUXLIT_METRICS_PORT", "9100")))).isTrue();
    assertThat(FluxLitMetrics.recording(settings(Map.of("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1",
      "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/apix")))).isTrue();
  }

  @Test
  void vertxMetricsNeverLabelByPath() {
    var options = FluxLitMetrics.vertxMetricsOptions("x");
    assertThat(options.getLabels()).doesNotContain(io.vertx.micrometer.Label.HTTP_PATH, io.vertx.micrometer.Label.REMOTE,
      io.vertx.micrometer.Label.LOCAL, io.vertx.micrometer.Label.EB_ADDRESS);
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
