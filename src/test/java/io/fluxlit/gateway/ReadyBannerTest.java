package io.fluxlit.gateway;

import ch.qos.logback.classic.Level;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.metrics.MetricsSetup;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The ready banner: every URL a newcomer can open, under the root path and port, and each answers. */
class ReadyBannerTest {

  private static final Pattern URL = Pattern.compile("http://\\S+");

  private static List<String> banner(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:8501");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return ReadyBanner.of(ResolvedSettings.resolve(env, Map.of()).settings()).lines();
  }

  @Test
  void byDefaultNamesTheAppTheApiDocsAndReadiness() {
    assertThat(banner()).containsExactly(
      "FluxLit is ready: open http://127.0.0.1:8000/",
      "  API docs:        http://127.0.0.1:8000/api/docs",
      "  readiness:       http://127.0.0.1:8000/api/readyz");
  }

  @Test
  void followsThePortRootPathMountAndHostAndAddsMetricsAndDebugWhenOn() {
    assertThat(banner("FLUXLIT_GATEWAY_PORT", "9100", "FLUXLIT_ROOT_PATH", "/myapp", "FLUXLIT_API_MOUNT_PATH", "/v1",
      "FLUXLIT_GATEWAY_HOST", "0.0.0.0", "FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "true", "FLUXLIT_DEBUG", "1"))
      .containsExactly(
        "FluxLit is ready: open http://localhost:9100/myapp/",
        "  API docs:        http://localhost:9100/myapp/v1/docs",
        "  readiness:       http://localhost:9100/myapp/v1/readyz",
        "  metrics:         http://localhost:9100/myapp/__fluxlit/metrics",
        "  debug snapshot:  http://localhost:9100/myapp/__fluxlit/debug");
  }

  @Test
  void namesTheMetricsPortAndLeavesOutWhatTheApiMountDisables() {
    assertThat(banner("FLUXLIT_GATEWAY_HOST", "::1", "FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "true",
      "FLUXLIT_METRICS_PORT", "9464"))
      .contains("  metrics:         http://[::1]:9464/__fluxlit/metrics");
    assertThat(banner("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "true", "FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api/m"))
      .noneMatch(line -> line.contains("metrics:"));
    assertThat(banner("FLUXLIT_DEBUG", "1", "FLUXLIT_API_MOUNT_PATH", "/__fluxlit"))
      .noneMatch(line -> line.contains("debug snapshot:"));
  }

  @Test
  void saysWhenNoStreamlitIsConfigured() {
    List<String> lines = ReadyBanner.of(ResolvedSettings.resolve(Map.of(), Map.of()).settings()).lines();
    assertThat(lines.get(0)).isEqualTo("FluxLit is ready: open http://127.0.0.1:8000/");
    assertThat(lines.get(1)).isEqualTo("  (no Streamlit app configured: only the API answers)");
  }

  /** The started gateway logs the banner, and every URL in it answers 200 on the gateway's port. */
  @Test
  void everyUrlTheStartedGatewayLogsAnswers() {
    Vertx vertx = Vertx.vertx(new VertxOptions()
      .setMetricsOptions(MetricsSetup.vertxMetricsOptions("fluxlit-test-" + UUID.randomUUID())));
    try (CapturedLogs logs = new CapturedLogs("fluxlit", Level.INFO)) {
      FixtureUpstream upstream = new FixtureUpstream(vertx).start();
      try (Gateway gateway = Gateway.start(vertx, new JsonObject()
          .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
          .put("FLUXLIT_ROOT_PATH", "/myapp")
          .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "true")
          .put("FLUXLIT_DEBUG", "true"))) {
        List<String> banner = logs.events().stream()
          .filter(e -> e.getLoggerName().equals("fluxlit"))
          .map(e -> e.getFormattedMessage())
          .dropWhile(line -> !line.startsWith(ReadyBanner.READY))
          .toList();
        assertThat(banner).hasSize(5);
        Http http = new Http(vertx, gateway.port());
        for (String line : banner) {
          Matcher url = URL.matcher(line);
          assertThat(url.find()).as(line).isTrue();
          URI uri = URI.create(url.group());
          assertThat(uri.getPort()).as(line).isEqualTo(gateway.port());
          assertThat(http.get(uri.getPath()).status()).as(line).isEqualTo(200);
        }
      }
    } finally {
      vertx.close().await();
    }
  }
}
