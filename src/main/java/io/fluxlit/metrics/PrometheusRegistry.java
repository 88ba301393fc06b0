package io.fluxlit.metrics;

import io.fluxlit.vertx.VertxInternals;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

/** Finds the Prometheus registry a {@code Vertx} records into, or makes one when it has none. */
final class PrometheusRegistry {

  private PrometheusRegistry() {
  }

  /**
   * The registry of this very {@code Vertx} (built with {@code MicrometerMetricsOptions}, whatever
   * its registry name: by {@code Main}, by the launcher's {@code -options}, or by a test). Read
   * from the instance rather than by name, because the default registry name is JVM-global.
   *
   * @param vertx a Vert.x instance
   * @return its Prometheus registry, or {@code null} when its metrics are not Micrometer's
   *     Prometheus backend
   */
  static PrometheusMeterRegistry ofVertx(Vertx vertx) {
    MeterRegistry registry = VertxInternals.micrometerRegistry(vertx);
    return registry == null ? null : prometheusIn(registry);
  }

  private static PrometheusMeterRegistry prometheusIn(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return prometheus;
    }
    if (registry instanceof CompositeMeterRegistry composite) {
      for (MeterRegistry child : composite.getRegistries()) {
        PrometheusMeterRegistry found = prometheusIn(child);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** A registry FluxLit made itself, with the JVM metrics Vert.x would have bound. */
  record Standalone(PrometheusMeterRegistry registry, JvmGcMetrics gc) implements AutoCloseable {

    static Standalone create() {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new ClassLoaderMetrics().bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      JvmGcMetrics gc = new JvmGcMetrics();
      gc.bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      return new Standalone(registry, gc);
    }

    @Override
    public void close() {
      gc.close();
      registry.close();
    }
  }
}
