package io.fluxlit.metrics;

import io.fluxlit.bus.Addresses;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.fluxlit.metrics.MetricsCatalog.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the scrape is served, and when metrics are off. */
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
}
