package io.fluxlit.metrics;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code promtool} (Debian package {@code prometheus}) on a real scrape and on the
 * example alert rules. Skipped when promtool is missing, except on CI, where it fails.
 */
class PromtoolTest {

  private static final Path ALERTS_DIR = TestEnvironment.projectDir().resolve("docs/alerts");

  @Test
  void aRealScrapeParsesAndFluxLitSeriesPassTheLinter() throws Exception {
    Path promtool = Tools.require("promtool");
    String text = realScrape();
    Path whole = Files.createTempFile("fluxlit-scrape", ".txt");
    Path ours = Files.createTempFile("fluxlit-scrape-fluxlit", ".txt");
    try {
      Files.writeString(whole, text);
      String fluxlitOnly = Arrays.stream(text.split("\n"))
        .filter(line -> line.startsWith("fluxlit_") || line.matches("# (HELP|TYPE) fluxlit_.*"))
        .collect(Collectors.joining("\n", "", "\n"));
      assertThat(fluxlitOnly).contains("fluxlit_gateway_requests_total{");
      Files.writeString(ours, fluxlitOnly);

      // FluxLit's own series: no parse error and no lint finding at all.
      Tools.Result clean = Tools.run(ours, promtool.toString(), "check", "metrics");
      assertThat(clean.output()).isEmpty();
      assertThat(clean.exit()).isZero();

      // The whole scrape parses (exit 1 would be a parse error). Exit 3 means lint findings,
      // which Micrometer's JVM binders have (e.g. jvm_compilation_time_ms_total): none may be ours.
      Tools.Result all = Tools.run(whole, promtool.toString(), "check", "metrics");
      assertThat(all.exit()).as(all.output()).isIn(0, 3);
      assertThat(all.output()).doesNotContain("fluxlit_").doesNotContainIgnoringCase("error");
    } finally {
      Files.deleteIfExists(whole);
      Files.deleteIfExists(ours);
    }
  }

  @Test
  void theAlertRulesAreValid() {
    Path promtool = Tools.require("promtool");
    Tools.Result result = Tools.run(null, promtool.toString(), "check", "rules",
      ALERTS_DIR.resolve("fluxlit-alerts.yml").toString());
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 6 rules found");
  }

  @Test
  void theAlertRulesFireWhenTheyShouldAndOnlyThen() {
    Path promtool = Tools.require("promtool");
    // Relative paths in the test file are resolved from the working directory.
    Tools.Result result = Tools.runIn(ALERTS_DIR, null, promtool.toString(), "test", "rules", "fluxlit-alerts.test.yml");
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /** One scrape of a gateway that saw HTTP, API and WebSocket traffic. */
  private static String realScrape() {
    try (MetricsTesting metrics = MetricsTesting.start();
         FixtureUpstream upstream = new FixtureUpstream(metrics.vertx()).start();
         Gateway gateway = Gateway.start(metrics.vertx(), new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "true"))) {
      Http http = new Http(metrics.vertx(), gateway.port());
      for (String path : List.of("/", "/api/healthz", "/api/readyz")) {
        assertThat(http.get(path).status()).isEqualTo(200);
      }
      WebSocket ws = TestClients.webSocket(metrics.vertx()).connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(gateway.port()).setURI("/_stcore/stream")).await();
      ws.close().await();
      return http.get("/__fluxlit/metrics").text();
    }
  }
}
