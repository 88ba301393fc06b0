package io.fluxlit.metrics;

import io.fluxlit.config.Settings;
import io.fluxlit.gateway.DispatchRules;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.EnumSet;

/** Whether metrics are recorded, and the Vert.x metrics options that go with them. */
public final class MetricsSetup {

  /**
   * Vert.x's HTTP server and client label methods as they come, and a client may send any token:
   * everything but the standard methods is counted as {@code OTHER}, like FluxLit's own series.
   */
  static final String NON_STANDARD_METHOD = "^(?!(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|TRACE|CONNECT)$).*$";

  private MetricsSetup() {
  }

  /**
   * Metrics are recorded when enabled, unless the scrape path would be served on the public port
   * under the API mount: then they are entirely disabled (docs/metrics.md), and the path belongs to
   * the API. On a separate metrics port the path cannot collide.
   *
   * @param settings the settings
   * @return whether metrics are recorded and served
   */
  public static boolean recording(Settings settings) {
    if (!settings.observability().metricsEnabled()) {
      return false;
    }
    return settings.observability().metricsPort() > 0
      || !new DispatchRules(settings.api().mount(), settings.gateway().rootPath()).isUnderMount(settings.observability().metricsPath());
  }

  /**
   * The options FluxLit builds its {@code Vertx} with when metrics are on: Micrometer with the
   * Prometheus backend (no embedded server: FluxLit serves the scrape itself), JVM metrics, and
   * bounded labels only. {@code HTTP_PATH} is never enabled: Streamlit's asset URLs are unbounded.
   * Quantile histograms stay off, so FluxLit's histograms keep exactly their own buckets.
   *
   * @param registryName the Micrometer registry name (one per {@code Vertx}; tests use their own)
   * @return metrics options for {@code VertxOptions.setMetricsOptions}
   */
  public static MicrometerMetricsOptions vertxMetricsOptions(String registryName) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
      .setEnabled(true)
      .setRegistryName(registryName)
      .setJvmMetricsEnabled(true)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false))
      .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE));
    for (MetricsDomain domain : new MetricsDomain[] {MetricsDomain.HTTP_SERVER, MetricsDomain.HTTP_CLIENT}) {
      options.addLabelMatch(new Match().setDomain(domain).setLabel(Label.HTTP_METHOD.toString())
        .setType(MatchType.REGEX).setValue(NON_STANDARD_METHOD).setAlias("OTHER"));
    }
    return options;
  }
}
