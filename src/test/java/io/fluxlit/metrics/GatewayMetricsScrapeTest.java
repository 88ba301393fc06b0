package io.fluxlit.metrics;

import io.fluxlit.metrics.MetricsCatalog.MetricDescriptor;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.fluxlit.metrics.MetricsCatalog.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real scrape after real HTTP, API and WebSocket traffic through the gateway (docs/metrics.md): exact
 * values, labels and buckets; scrapes not counted; and the catalog checked against the scrape.
 */
class GatewayMetricsScrapeTest {

  private static final String PATH = "/__fluxlit/metrics";

  private static MetricsTesting metrics;
  private static FixtureUpstream upstream;
  private static Gateway gateway;
  private static Http http;
  private static Scrape afterTraffic;
  private static Scrape duringSession;

  @BeforeAll
  static void trafficThenScrape() throws Exception {
    metrics = MetricsTesting.start();
    upstream = new FixtureUpstream(metrics.vertx()).start();
    gateway = Gateway.start(metrics.vertx(), new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
      .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1")
      .put("FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S", "1.5"));
    http = new Http(metrics.vertx(), gateway.port());

    // Streamlit: 3 GET, 1 POST, 1 odd method, 1 read timeout (504); API: 2 GET (healthz, readyz).
    for (int i = 0; i < 3; i++) {
      assertThat(http.get("/page/" + i).status()).isEqualTo(200);
    }
    assertThat(http.send(http.options(HttpMethod.POST, "/form"), Buffer.buffer("a=1")).status())
      .isEqualTo(200);
    assertThat(http.send(http.options(HttpMethod.valueOf("PROPFIND"), "/dav"), null).status()).isEqualTo(200);
    assertThat(http.get("/slow").status()).isEqualTo(504);
    assertThat(http.get("/api/healthz").status()).isEqualTo(200);
    assertThat(http.get("/api/readyz").status()).isEqualTo(200);

    WebSocketClient client = TestClients.webSocket(metrics.vertx());
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
      .setURI("/_stcore/stream")).await();
    ws.writeTextMessage("hello").await();
    Conditions.waitUntil(() -> MetricsTesting.scrape(http, PATH).value(WEBSOCKET_SESSIONS_ACTIVE) == 1, 10,
      "one active WebSocket session");
    duringSession = MetricsTesting.scrape(http, PATH);
    ws.close((short) 1000, "bye").await();
    Conditions.waitUntil(() -> MetricsTesting.scrape(http, PATH).value(WEBSOCKET_SESSIONS_ACTIVE) == 0, 10,
      "the session closed");
    afterTraffic = MetricsTesting.scrape(http, PATH);
    Path out = Path.of("target", "metrics-scrape-example.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, afterTraffic.text());
  }

  @AfterAll
  static void stop() {
    if (metrics != null) {
      metrics.close();
    }
  }

  @Test
  void requestsAreCountedAtDispatchByDispatchAndMethodKind() {
    assertThat(afterTraffic.value(REQUESTS_TOTAL, "dispatch", "streamlit", "method_kind", "GET")).isEqualTo(4);
    assertThat(afterTraffic.value(REQUESTS_TOTAL, "dispatch", "streamlit", "method_kind", "POST")).isEqualTo(1);
    assertThat(afterTraffic.value(REQUESTS_TOTAL, "dispatch", "streamlit", "method_kind", "OTHER")).isEqualTo(1);
    assertThat(afterTraffic.value(REQUESTS_TOTAL, "dispatch", "streamlit", "method_kind", "WEBSOCKET")).isEqualTo(1);
    assertThat(afterTraffic.value(REQUESTS_TOTAL, "dispatch", "api", "method_kind", "GET")).isEqualTo(2);
    // Nothing else: the many scrapes above were not counted.
    assertThat(afterTraffic.sum(REQUESTS_TOTAL)).isEqualTo(9);
  }

  @Test
  void scrapesAreNotCounted() {
    double before = MetricsTesting.scrape(http, PATH).sum(REQUESTS_TOTAL);
    MetricsTesting.scrape(http, PATH);
    MetricsTesting.scrape(http, PATH);
    Scrape after = MetricsTesting.scrape(http, PATH);
    assertThat(after.sum(REQUESTS_TOTAL)).isEqualTo(before);
    assertThat(after.sum(REQUEST_DURATION_SECONDS + "_count")).isEqualTo(afterTraffic.sum(REQUEST_DURATION_SECONDS + "_count"));
  }

  @Test
  void requestDurationHasExactlyThePythonFluxLitsBucketsAndCountsTheHandshakeNotTheSession() {
    for (String dispatch : List.of("api", "streamlit")) {
      List<Scrape.Sample> buckets = afterTraffic.find(REQUEST_DURATION_SECONDS + "_bucket", Map.of("dispatch", dispatch));
      assertThat(buckets.stream().map(s -> le(s)).toList())
        .as("buckets of dispatch=" + dispatch)
        .containsExactlyElementsOf(withInf(REQUEST_DURATION_BUCKETS));
      assertThat(buckets.get(buckets.size() - 1).value())
        .isEqualTo(afterTraffic.value(REQUEST_DURATION_SECONDS + "_count", "dispatch", dispatch));
    }
    assertThat(afterTraffic.value(REQUEST_DURATION_SECONDS + "_count", "dispatch", "api")).isEqualTo(2);
    // 6 HTTP + the WebSocket handshake, observed when the upgrade was accepted, before the session.
    assertThat(duringSession.value(REQUEST_DURATION_SECONDS + "_count", "dispatch", "streamlit")).isEqualTo(7);
    assertThat(afterTraffic.value(REQUEST_DURATION_SECONDS + "_count", "dispatch", "streamlit")).isEqualTo(7);
    // The 1.5 s read timeout is in the 2.5 s bucket, not the 1 s one.
    assertThat(afterTraffic.value(REQUEST_DURATION_SECONDS + "_bucket", "dispatch", "streamlit", "le", "2.5")
      - afterTraffic.value(REQUEST_DURATION_SECONDS + "_bucket", "dispatch", "streamlit", "le", "1.0"))
      .isGreaterThanOrEqualTo(1);
    assertThat(afterTraffic.value(REQUEST_DURATION_SECONDS + "_sum", "dispatch", "streamlit")).isBetween(1.5, 10.0);
  }

  @Test
  void responsesAreCountedByStatusClass() {
    assertThat(afterTraffic.value(RESPONSES_TOTAL, "dispatch", "streamlit", "status_class", "2xx")).isEqualTo(5);
    assertThat(afterTraffic.value(RESPONSES_TOTAL, "dispatch", "streamlit", "status_class", "5xx")).isEqualTo(1);
    assertThat(afterTraffic.value(RESPONSES_TOTAL, "dispatch", "streamlit", "status_class", "1xx")).isEqualTo(1);
    assertThat(afterTraffic.value(RESPONSES_TOTAL, "dispatch", "api", "status_class", "2xx")).isEqualTo(2);
    assertThat(afterTraffic.sum(RESPONSES_TOTAL)).isEqualTo(9);
  }

  @Test
  void upstreamTimeoutIsCountedByKind() {
    assertThat(afterTraffic.value(UPSTREAM_ERRORS_TOTAL, "kind", "timeout")).isEqualTo(1);
    assertThat(afterTraffic.value(UPSTREAM_ERRORS_TOTAL, "kind", "refused")).isEqualTo(0);
    assertThat(afterTraffic.find(UPSTREAM_ERRORS_TOTAL, Map.of()).stream().map(s -> s.labels().get("kind")))
      .containsExactlyInAnyOrder("refused", "timeout", "reset", "overload");
  }

  @Test
  void webSocketSessionsHaveTheirOwnGaugeHistogramAndCloseCodes() {
    assertThat(duringSession.value(WEBSOCKET_SESSIONS_ACTIVE)).isEqualTo(1);
    assertThat(duringSession.value(WEBSOCKET_SESSION_DURATION_SECONDS + "_count")).isEqualTo(0);
    assertThat(afterTraffic.value(WEBSOCKET_SESSIONS_ACTIVE)).isEqualTo(0);
    assertThat(afterTraffic.value(WEBSOCKET_SESSION_DURATION_SECONDS + "_count")).isEqualTo(1);
    assertThat(afterTraffic.find(WEBSOCKET_SESSION_DURATION_SECONDS + "_bucket", Map.of()).stream()
      .map(s -> le(s)).toList())
      .containsExactlyElementsOf(withInf(WEBSOCKET_SESSION_DURATION_BUCKETS));
    assertThat(afterTraffic.value(WEBSOCKET_CLOSES_TOTAL, "code", "1000")).isEqualTo(1);
    assertThat(afterTraffic.sum(WEBSOCKET_CLOSES_TOTAL)).isEqualTo(1);
  }

  @Test
  void upstreamReadinessFollowsTheHealthVerticle() {
    assertThat(afterTraffic.value(UPSTREAM_READY)).isEqualTo(1);
  }

  @Test
  void everyCatalogEntryIsInTheScrapeWithItsTypeLabelsAndHelp() {
    List<String> problems = new ArrayList<>();
    for (MetricDescriptor metric : GATEWAY_PROMETHEUS_METRICS) {
      String family = metric.type().equals("counter") ? metric.name().replaceAll("_total$", "") : metric.name();
      String type = afterTraffic.types().getOrDefault(metric.name(), afterTraffic.types().get(family));
      if (!metric.type().equals(type)) {
        problems.add(metric.name() + ": type " + type + ", catalog says " + metric.type());
      }
      String help = afterTraffic.helps().getOrDefault(metric.name(), afterTraffic.helps().get(family));
      if (!metric.help().equals(help)) {
        problems.add(metric.name() + ": help '" + help + "', catalog says '" + metric.help() + "'");
      }
      List<String> sampleNames = metric.type().equals("histogram")
        ? List.of(metric.name() + "_bucket", metric.name() + "_count", metric.name() + "_sum")
        : List.of(metric.name());
      for (String sampleName : sampleNames) {
        List<Scrape.Sample> samples = afterTraffic.find(sampleName, Map.of());
        if (samples.isEmpty()) {
          problems.add(sampleName + ": no sample");
        }
        Set<String> expected = new TreeSet<>(metric.labels());
        if (sampleName.endsWith("_bucket")) {
          expected.add("le");
        }
        for (Scrape.Sample sample : samples) {
          if (!new TreeSet<>(sample.labels().keySet()).equals(expected)) {
            problems.add(sampleName + ": labels " + sample.labels().keySet() + ", catalog says " + expected);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void fluxLitExportsNothingOutsideTheCatalog() {
    Set<String> catalog = GATEWAY_PROMETHEUS_METRICS.stream().map(MetricDescriptor::name).collect(Collectors.toSet());
    Set<String> exported = afterTraffic.samples().stream().map(Scrape.Sample::name)
      .filter(n -> n.startsWith("fluxlit_"))
      // Micrometer adds a _max gauge to every timer.
      .filter(n -> !n.endsWith("_max"))
      .map(n -> n.replaceAll("_(bucket|count|sum)$", ""))
      .collect(Collectors.toCollection(TreeSet::new));
    assertThat(exported).isEqualTo(new TreeSet<>(catalog));
  }

  @Test
  void jvmAndVertxSeriesAreThereWithBoundedLabelsOnly() {
    assertThat(afterTraffic.find("jvm_memory_used_bytes", Map.of())).isNotEmpty();
    assertThat(afterTraffic.find("vertx_http_server_requests_total", Map.of())).isNotEmpty();
    assertThat(afterTraffic.find("vertx_http_client_requests_total", Map.of())).isNotEmpty();
    // The odd method is folded into OTHER on Vert.x's own series too.
    assertThat(afterTraffic.find("vertx_http_server_requests_total", Map.of("method", "OTHER"))).isNotEmpty();
    assertThat(afterTraffic.find("vertx_http_server_requests_total", Map.of("method", "PROPFIND"))).isEmpty();
    Set<String> labelNames = afterTraffic.samples().stream().flatMap(s -> s.labels().keySet().stream())
      .collect(Collectors.toCollection(TreeSet::new));
    assertThat(labelNames).doesNotContain("path", "route", "remote", "local", "address");
  }

  private static double le(Scrape.Sample bucket) {
    String le = bucket.labels().get("le");
    return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }

  private static List<Double> withInf(List<Double> buckets) {
    List<Double> all = new ArrayList<>(buckets);
    all.add(Double.POSITIVE_INFINITY);
    return all;
  }
}
