package io.fluxlit.metrics;

import io.fluxlit.testing.Http;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.UUID;

/** A test's own Vert.x, built the way Main builds it with metrics on, with a registry of its own. */
final class MetricsTesting implements AutoCloseable {

  private final Vertx vertx;
  private final String registryName;

  private MetricsTesting(Vertx vertx, String registryName) {
    this.vertx = vertx;
    this.registryName = registryName;
  }

  /** @return a Vert.x with Micrometer Prometheus metrics and a unique registry name */
  static MetricsTesting start() {
    String name = "fluxlit-test-" + UUID.randomUUID();
    Vertx vertx = Vertx.vertx(new VertxOptions().setMetricsOptions(MetricsSetup.vertxMetricsOptions(name)));
    return new MetricsTesting(vertx, name);
  }

  Vertx vertx() {
    return vertx;
  }

  /** @return the test Vert.x's own Micrometer registry */
  MeterRegistry registry() {
    return BackendRegistries.getNow(registryName);
  }

  /** @return whether any FluxLit meter was registered */
  boolean anyFluxLitMeter() {
    return registry().getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("fluxlit."));
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  /** GETs a scrape and parses it, asserting status and content type. */
  static Scrape scrape(Http http, String path) {
    Http.Response response = http.get(path);
    if (response.status() != 200) {
      throw new AssertionError("scrape " + path + " answered " + response.status() + ": " + response.text());
    }
    if (!MetricsVerticle.CONTENT_TYPE.equals(response.headers().get("content-type"))) {
      throw new AssertionError("scrape content type " + response.headers().get("content-type"));
    }
    return Scrape.parse(response.text());
  }
}
