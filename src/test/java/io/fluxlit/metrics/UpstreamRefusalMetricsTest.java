package io.fluxlit.metrics;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;


import static io.fluxlit.metrics.MetricsCatalog.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A refused upstream is counted, for HTTP and WebSocket alike, as an answer and not as a session. */
class UpstreamRefusalMetricsTest {

  private static final String PATH = "/__fluxlit/metrics";

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
}
