package io.fluxlit.metrics;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static io.fluxlit.metrics.MetricsCatalog.REQUESTS_TOTAL;
import static io.fluxlit.metrics.MetricsCatalog.RESPONSES_TOTAL;
import static org.assertj.core.api.Assertions.assertThat;

/** Answers given before the dispatch (CORS preflight, framing 501, the router's 400) are counted too. */
class PreDispatchMetricsTest {

  private static final String PATH = "/__fluxlit/metrics";

  @Test
  void preflightsAndRefusedRequestsAreCounted() throws Exception {
    try (MetricsTesting metrics = MetricsTesting.start();
         Gateway gateway = Gateway.start(metrics.vertx(), new JsonObject()
           .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1")
           .put("FLUXLIT_CORS_ALLOW_ORIGINS", "https://app.example"))) {
      Http http = new Http(metrics.vertx(), gateway.port());
      assertThat(http.send(http.options(HttpMethod.OPTIONS, "/api/thing"), null,
        "Origin", "https://app.example", "Access-Control-Request-Method", "POST").status()).isEqualTo(204);
      assertThat(Http.raw(gateway.port(), "POST /api/thing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"))
        .startsWith("HTTP/1.1 501");
      assertThat(Http.raw(gateway.port(), "GET /api/healthz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");

      Scrape scrape = MetricsTesting.scrape(http, PATH);
      assertThat(scrape.value(REQUESTS_TOTAL, "dispatch", "api", "method_kind", "OPTIONS")).isEqualTo(1);
      assertThat(scrape.value(REQUESTS_TOTAL, "dispatch", "api", "method_kind", "POST")).isEqualTo(1);
      assertThat(scrape.value(REQUESTS_TOTAL, "dispatch", "api", "method_kind", "GET")).isEqualTo(1);
      assertThat(scrape.value(RESPONSES_TOTAL, "dispatch", "api", "status_class", "2xx")).isEqualTo(1);
      assertThat(scrape.value(RESPONSES_TOTAL, "dispatch", "api", "status_class", "4xx")).isEqualTo(1);
      assertThat(scrape.value(RESPONSES_TOTAL, "dispatch", "api", "status_class", "5xx")).isEqualTo(1);
    }
  }
}
