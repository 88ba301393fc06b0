package io.fluxlit.metrics;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}, loopback only, storage in a
 * temporary directory) scrapes the gateway every second, with the example alert rules loaded:
 * it sees {@code fluxlit_gateway_requests_total} grow with traffic (and only with traffic: its
 * own scrapes are not counted), the rules load and evaluate, and the dashboard's queries run.
 */
class PrometheusServerTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void prometheusScrapesTheGatewayAndSeesRequestsGrow() throws Exception {
    Path prometheus = Tools.require("prometheus");
    Path dir = Files.createTempDirectory("fluxlit-prometheus");
    Process server = null;
    try (MetricsTesting metrics = MetricsTesting.start();
         FixtureUpstream upstream = new FixtureUpstream(metrics.vertx()).start();
         Gateway gateway = Gateway.start(metrics.vertx(), new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1"))) {
      Http http = new Http(metrics.vertx(), gateway.port());

      int port = TestEnvironment.freePort();
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - '%s'
        scrape_configs:
          - job_name: fluxlit
            metrics_path: /__fluxlit/metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(TestEnvironment.projectDir().resolve("docs/alerts/fluxlit-alerts.yml"), gateway.port()));
      Path log = dir.resolve("prometheus.log");
      server = new ProcessBuilder(prometheus.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
      String base = "http://127.0.0.1:" + port;
      Process running = server;
      try {
        Conditions.waitUntil(() -> running.isAlive() && status(base + "/-/ready") == 200, 60, "Prometheus to be ready");
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n--- prometheus log ---\n" + tail(log), e);
      }
      Conditions.waitUntil(() -> value(base, "up{job=\"fluxlit\"}") == 1, 30, "Prometheus to scrape the gateway");

      for (int i = 0; i < 3; i++) {
        assertThat(http.get("/page/" + i).status()).isEqualTo(200);
      }
      Conditions.waitUntil(() -> value(base, "sum(fluxlit_gateway_requests_total)") == 3, 30,
        "Prometheus to see 3 requests");
      assertThat(http.get("/api/healthz").status()).isEqualTo(200);
      assertThat(http.get("/api/readyz").status()).isEqualTo(200);
      Conditions.waitUntil(() -> value(base, "sum(fluxlit_gateway_requests_total)") == 5, 30,
        "Prometheus to see 5 requests");
      assertThat(value(base, "fluxlit_gateway_requests_total{dispatch=\"api\",method_kind=\"GET\"}")).isEqualTo(2);
      Conditions.waitUntil(() -> value(base, "fluxlit_upstream_ready") == 1, 30, "the readiness gauge");
      // Several more scrapes later, still 5: Prometheus' own scrapes are not requests.
      double scrapes = value(base, "count_over_time(up{job=\"fluxlit\"}[1m])");
      Conditions.waitUntil(() -> value(base, "count_over_time(up{job=\"fluxlit\"}[1m])") >= scrapes + 3, 30,
        "three more scrapes");
      assertThat(value(base, "sum(fluxlit_gateway_requests_total)")).isEqualTo(5);

      assertRulesLoadedAndHealthy(base);
      assertDashboardQueriesRun(base);
    } finally {
      if (server != null) {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      deleteTree(dir);
    }
  }

  private static void assertRulesLoadedAndHealthy(String base) {
    Conditions.waitUntil(() -> {
      JsonArray groups = get(base + "/api/v1/rules").getJsonObject("data").getJsonArray("groups");
      return !groups.isEmpty() && groups.getJsonObject(0).getJsonArray("rules").stream()
        .allMatch(r -> ((JsonObject) r).getString("health").equals("ok"));
    }, 30, "every alert rule evaluated with health ok");
    JsonArray rules = get(base + "/api/v1/rules").getJsonObject("data").getJsonArray("groups")
      .getJsonObject(0).getJsonArray("rules");
    assertThat(rules).hasSize(6);
  }

  /** Every query of the dashboard is valid PromQL and returns data on this gateway. */
  private static void assertDashboardQueriesRun(String base) throws IOException {
    List<String> problems = new ArrayList<>();
    for (String expr : DashboardTest.expressions()) {
      String query = expr.replace("$__rate_interval", "1m").replace("$job", ".*").replace("$instance", ".*");
      JsonObject answer = get(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
      if (!"success".equals(answer.getString("status"))) {
        problems.add(query + ": " + answer.encode());
      }
    }
    assertThat(problems).isEmpty();
  }

  /** @return the single value of an instant query, or NaN when it has no result */
  private static double value(String base, String query) {
    JsonObject answer = get(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    JsonArray result = answer.getJsonObject("data").getJsonArray("result");
    if (result.isEmpty()) {
      return Double.NaN;
    }
    return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  private static JsonObject get(String url) {
    try {
      HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static int status(String url) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String tail(Path log) {
    try {
      return Files.isRegularFile(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
