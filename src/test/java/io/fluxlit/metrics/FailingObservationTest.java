package io.fluxlit.metrics;

import ch.qos.logback.classic.Level;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.fluxlit.metrics.MetricsCatalog.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A metrics observation that throws is logged at DEBUG and changes nothing for the request. */
class FailingObservationTest {

  private static final String PATH = "/__fluxlit/metrics";

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
