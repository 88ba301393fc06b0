package io.fluxlit.metrics;

import io.fluxlit.FluxLitVerticle;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vert.x launcher path: {@code VertxApplication io.fluxlit.FluxLitVerticle -options JSON}
 * with the metrics options exactly as docs/metrics.md shows them gives one scrape with FluxLit's
 * and Vert.x's series.
 */
class LauncherMetricsTest {

  @Test
  void theDocumentedLauncherOptionsGiveVertxAndFluxLitSeries() throws Exception {
    JsonObject options = MetricsDocsTest.launcherOptions();
    // The default registry name is JVM-global; this test's Vert.x gets its own.
    options.getJsonObject("metricsOptions").put("registryName", "fluxlit-launcher-" + UUID.randomUUID());
    int port = TestEnvironment.freePort();
    AtomicReference<Vertx> started = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Vertx upstreamVertx = Vertx.vertx();
    try {
      FixtureUpstream upstream = new FixtureUpstream(upstreamVertx).start();
      JsonObject conf = new JsonObject()
        .put("FLUXLIT_GATEWAY_PORT", Integer.toString(port))
        .put("FLUXLIT_GATEWAY_INSTANCES", "1")
        .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
        .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1");
      VertxApplicationHooks hooks = new VertxApplicationHooks() {
        @Override
        public void afterVertxStarted(HookContext context) {
          started.set(context.vertx());
        }

        @Override
        public void afterFailureToStartVertx(HookContext context, Throwable t) {
          failure.set(t);
        }

        @Override
        public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
          failure.set(t);
        }
      };
      String[] args = {FluxLitVerticle.class.getName(), "-options", options.encode(), "-conf", conf.encode()};
      // Neither print usage nor exit the test JVM on failure.
      int status = new VertxApplication(args, hooks, false, false) {
      }.launch();
      assertThat(status).as("launcher exit status; failure: %s", failure.get()).isZero();
      assertThat(started.get()).isNotNull();

      Http http = new Http(upstreamVertx, port);
      assertThat(http.get("/page").status()).isEqualTo(200);
      Scrape scrape = MetricsTesting.scrape(http, "/__fluxlit/metrics");
      assertThat(scrape.value(MetricsCatalog.REQUESTS_TOTAL, "dispatch", "streamlit", "method_kind", "GET"))
        .isEqualTo(1);
      assertThat(scrape.find("vertx_http_server_requests_total", Map.of())).isNotEmpty();
      assertThat(scrape.find("jvm_memory_used_bytes", Map.of())).isNotEmpty();
    } finally {
      if (started.get() != null) {
        started.get().close().await();
      }
      upstreamVertx.close().await();
    }
  }
}
