package io.fluxlit.metrics;

import ch.qos.logback.classic.Level;
import io.fluxlit.bus.Addresses;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.testing.TestEnvironment;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.fluxlit.metrics.MetricsCatalog.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the scrape is served, when metrics are off, and what a failing observation does. */
class MetricsEndpointTest {

  private static final String PATH = "/__fluxlit/metrics";

  @Test
  void aScrapePathUnderTheApiMountDisablesMetricsEntirely() {
    try (MetricsTesting metrics = MetricsTesting.start();
         FixtureUpstream upstream = new FixtureUpstream(metrics.vertx()).start();
         Gateway gateway = Gateway.start(metrics.vertx(), new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1")
           .put("FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api/metrics"))) {
      Http http = new Http(metrics.vertx(), gateway.port());

      // The path belongs to the API, which has no such route.
      Http.Response scrape = http.get("/api/metrics");
      assertThat(scrape.status()).isEqualTo(404);
      assertThat(scrape.headers().get("content-type")).startsWith("application/json");
      assertThat(http.get("/page").status()).isEqualTo(200);
      assertThat(http.get("/api/healthz").status()).isEqualTo(200);

      // Nothing recorded, nothing answering scrapes.
      assertThat(metrics.anyFluxLitMeter()).isFalse();
      assertThatThrownBy(() -> metrics.vertx().eventBus()
        .request(Addresses.METRICS_SCRAPE, null, new DeliveryOptions().setLocalOnly(true)).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    }
  }

  @Test
  void aSeparateMetricsPortServesTheScrapeAndThePublicPortNoLongerDoes() {
    int metricsPort = TestEnvironment.freePort();
    try (MetricsTesting metrics = MetricsTesting.start();
         FixtureUpstream upstream = new FixtureUpstream(metrics.vertx()).start();
         Gateway gateway = Gateway.start(metrics.vertx(), new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1")
           .put("FLUXLIT_METRICS_PORT", Integer.toString(metricsPort)))) {
      Http http = new Http(metrics.vertx(), gateway.port());
      Http metricsHttp = new Http(metrics.vertx(), metricsPort);

      // On the public port the path is an ordinary Streamlit path now (proxied, and counted).
      Http.Response publicAnswer = http.get(PATH);
      assertThat(publicAnswer.status()).isEqualTo(200);
      assertThat(publicAnswer.json().getString("uri")).isEqualTo(PATH);

      Scrape first = MetricsTesting.scrape(metricsHttp, PATH);
      Scrape second = MetricsTesting.scrape(metricsHttp, PATH);
      assertThat(first.value(REQUESTS_TOTAL, "dispatch", "streamlit", "method_kind", "GET")).isEqualTo(1);
      assertThat(second.sum(REQUESTS_TOTAL)).isEqualTo(1);
      assertThat(second.find("vertx_http_server_requests_total", Map.of())).isNotEmpty();

      assertThat(metricsHttp.get("/other").status()).isEqualTo(404);
      assertThat(metricsHttp.send(metricsHttp.options(HttpMethod.POST, PATH), null).status()).isEqualTo(405);
    }
  }

  @Test
  void aVertxWithoutMicrometerStillServesFluxLitAndJvmSeries() {
    Vertx plain = Vertx.vertx();
    try (FixtureUpstream upstream = new FixtureUpstream(plain).start();
         Gateway gateway = Gateway.start(plain, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1"))) {
      Http http = new Http(plain, gateway.port());
      assertThat(http.get("/page").status()).isEqualTo(200);
      Scrape scrape = MetricsTesting.scrape(http, PATH);
      assertThat(scrape.value(REQUESTS_TOTAL, "dispatch", "streamlit", "method_kind", "GET")).isEqualTo(1);
      assertThat(scrape.find("jvm_memory_used_bytes", Map.of())).isNotEmpty();
      assertThat(scrape.where(s -> s.name().startsWith("vertx_"))).isEmpty();
    } finally {
      plain.close().await();
    }
  }

  @Test
  void upstreamRefusalsAreCountedForHttpAndWebSockets() {
    int closed = TestEnvironment.freePort();
    try (MetricsTesting metrics = MetricsTesting.start();
         Gateway gateway = Gateway.start(metrics.vertx(), new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + closed)
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1"))) {
      Http http = new Http(metrics.vertx(), gateway.port());
      assertThat(http.get("/page").status()).isEqualTo(502);
      assertThatThrownBy(() -> TestClients.webSocket(metrics.vertx()).connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(gateway.port()).setURI("/_stcore/stream")).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(502));

      Scrape scrape = MetricsTesting.scrape(http, PATH);
      assertThat(scrape.value(UPSTREAM_ERRORS_TOTAL, "kind", "refused")).isEqualTo(2);
      assertThat(scrape.value(RESPONSES_TOTAL, "dispatch", "streamlit", "status_class", "5xx")).isEqualTo(2);
      // A refused upgrade is a handshake answer, not a session.
      assertThat(scrape.value(REQUEST_DURATION_SECONDS + "_count", "dispatch", "streamlit")).isEqualTo(2);
      assertThat(scrape.value(WEBSOCKET_SESSION_DURATION_SECONDS + "_count")).isZero();
      assertThat(scrape.value(WEBSOCKET_SESSIONS_ACTIVE)).isZero();
    }
  }

  @Test
  void aFailingObservationIsLoggedAtDebugAndTheRequestGoesOn() {
    try (MetricsTesting metrics = MetricsTesting.start();
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.DEBUG)) {
      // The histogram cannot be registered: every observation of it throws.
      String timer = Meters.micrometerName(REQUEST_DURATION_SECONDS);
      metrics.registry().config().meterFilter(new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
          if (id.getName().equals(timer)) {
            throw new IllegalStateException("broken histogram");
          }
          return id;
        }
      });
      try (FixtureUpstream upstream = new FixtureUpstream(metrics.vertx()).start();
           Gateway gateway = Gateway.start(metrics.vertx(), new JsonObject()
             .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
             .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1"))) {
        Http http = new Http(metrics.vertx(), gateway.port());

        Http.Response response = http.get("/page");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("uri")).isEqualTo("/page");
        Conditions.waitUntil(() -> logs.events().stream().anyMatch(e ->
            e.getLevel() == Level.DEBUG && e.getFormattedMessage().contains("MetricsObserver failed at end dispatch=streamlit")
              && e.getThrowableProxy() != null && e.getThrowableProxy().getMessage().equals("broken histogram")),
          10, "the DEBUG line about the failed observation");
        // What did not fail was still recorded.
        Scrape scrape = MetricsTesting.scrape(http, PATH);
        assertThat(scrape.value(REQUESTS_TOTAL, "dispatch", "streamlit", "method_kind", "GET")).isEqualTo(1);
        assertThat(scrape.find(REQUEST_DURATION_SECONDS + "_count", Map.of())).isEmpty();
      }
    }
  }
}
