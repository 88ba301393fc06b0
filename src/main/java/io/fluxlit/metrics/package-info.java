/**
 * Prometheus metrics (docs/metrics.md): the metric catalog ({@link io.fluxlit.metrics.MetricsCatalog}),
 * the exchange observer that records it ({@link io.fluxlit.metrics.MetricsObserver}), and the
 * verticle that answers scrapes ({@link io.fluxlit.metrics.MetricsVerticle}).
 *
 * <p>Everything is recorded into one Micrometer Prometheus registry per {@code Vertx}: the one
 * Vert.x itself uses when it was built with {@code MicrometerMetricsOptions}
 * ({@link io.fluxlit.metrics.MetricsSetup#vertxMetricsOptions(String)}), so a single scrape holds
 * FluxLit's series, Vert.x's HTTP, pool and event-bus series, and the JVM's.
 */
package io.fluxlit.metrics;
