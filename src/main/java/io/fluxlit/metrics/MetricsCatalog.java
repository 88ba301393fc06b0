package io.fluxlit.metrics;

import java.util.List;

/**
 * The metric contract: every series FluxLit itself exports, as Prometheus names them. Tests check
 * this list against a real scrape, and docs/metrics.md and the alert rules against this list.
 *
 * <p>{@value #STABLE} series keep their name, type, labels and buckets within a major version
 * (changing the buckets is a semver-visible change). {@value #EXPERIMENTAL} series may change
 * in a minor release, with a changelog note. Labels are deliberately low-cardinality: never a
 * path, status code, user or query.
 */
public final class MetricsCatalog {

  /** Stability of the two compatible series (docs/metrics.md). */
  public static final String STABLE = "stable";
  /** Stability of the series FluxLit for Vert.x adds. */
  public static final String EXPERIMENTAL = "experimental";

  public static final String REQUESTS_TOTAL = "fluxlit_gateway_requests_total";
  public static final String REQUEST_DURATION_SECONDS = "fluxlit_gateway_request_duration_seconds";
  public static final String RESPONSES_TOTAL = "fluxlit_gateway_responses_total";
  public static final String UPSTREAM_ERRORS_TOTAL = "fluxlit_gateway_upstream_errors_total";
  public static final String WEBSOCKET_SESSIONS_ACTIVE = "fluxlit_gateway_websocket_sessions_active";
  public static final String WEBSOCKET_SESSION_DURATION_SECONDS = "fluxlit_gateway_websocket_session_duration_seconds";
  public static final String WEBSOCKET_CLOSES_TOTAL = "fluxlit_gateway_websocket_closes_total";
  public static final String UPSTREAM_READY = "fluxlit_upstream_ready";
  public static final String POOL_WORKERS = "fluxlit_pool_workers";
  public static final String POOL_WORKER_SESSIONS = "fluxlit_pool_worker_sessions";
  public static final String AUTH_SIGN_INS_TOTAL = "fluxlit_auth_sign_ins_total";
  public static final String AUTH_REFUSALS_TOTAL = "fluxlit_auth_refusals_total";
  public static final String ASSET_CACHE_HITS_TOTAL = "fluxlit_gateway_asset_cache_hits_total";
  public static final String ASSET_CACHE_MISSES_TOTAL = "fluxlit_gateway_asset_cache_misses_total";
  public static final String ASSET_CACHE_BYTES_SAVED_TOTAL = "fluxlit_gateway_asset_cache_bytes_saved_total";
  public static final String ASSET_CACHE_BYTES = "fluxlit_gateway_asset_cache_bytes";

  /** Upper bounds of {@value #REQUEST_DURATION_SECONDS}, in seconds (docs/metrics.md). */
  public static final List<Double> REQUEST_DURATION_BUCKETS =
    List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  /** Upper bounds of {@value #WEBSOCKET_SESSION_DURATION_SECONDS}, in seconds (1 s to 4 h). */
  public static final List<Double> WEBSOCKET_SESSION_DURATION_BUCKETS =
    List.of(1.0, 10.0, 60.0, 300.0, 1800.0, 3600.0, 14400.0);

  /**
   * One metric family.
   *
   * @param name the Prometheus name, as scraped ({@code _total} included for counters)
   * @param type {@code counter}, {@code histogram} or {@code gauge}
   * @param labels its labels (a histogram's {@code le} not included)
   * @param stability {@value #STABLE} or {@value #EXPERIMENTAL}
   * @param help the HELP text
   */
  public record MetricDescriptor(String name, String type, List<String> labels, String stability, String help) {

    public MetricDescriptor {
      labels = List.copyOf(labels);
    }
  }

  /** Every series FluxLit exports, in the order docs/metrics.md lists them. */
  public static final List<MetricDescriptor> GATEWAY_PROMETHEUS_METRICS = List.of(
    new MetricDescriptor(REQUESTS_TOTAL, "counter", List.of("dispatch", "method_kind"), STABLE,
      "Gateway requests observed at dispatch"),
    new MetricDescriptor(REQUEST_DURATION_SECONDS, "histogram", List.of("dispatch"), STABLE,
      "Wall time for one gateway request (dispatch wall clock)"),
    new MetricDescriptor(RESPONSES_TOTAL, "counter", List.of("dispatch", "status_class"), EXPERIMENTAL,
      "Gateway responses by status class (WebSocket: the handshake's answer)"),
    new MetricDescriptor(UPSTREAM_ERRORS_TOTAL, "counter", List.of("kind"), EXPERIMENTAL,
      "Failed hops to the Streamlit upstream (HTTP and WebSocket handshakes) and HTTP requests shed under overload, by kind"),
    new MetricDescriptor(WEBSOCKET_SESSIONS_ACTIVE, "gauge", List.of(), EXPERIMENTAL,
      "Relayed WebSocket sessions open now"),
    new MetricDescriptor(WEBSOCKET_SESSION_DURATION_SECONDS, "histogram", List.of(), EXPERIMENTAL,
      "Length of relayed WebSocket sessions, from the upgrade request to the close"),
    new MetricDescriptor(WEBSOCKET_CLOSES_TOTAL, "counter", List.of("code"), EXPERIMENTAL,
      "Relayed WebSocket sessions that ended, by the browser side's close code"),
    new MetricDescriptor(UPSTREAM_READY, "gauge", List.of(), EXPERIMENTAL,
      "1 when the last readiness check found Streamlit ready, else 0 (absent before the first check)"),
    new MetricDescriptor(POOL_WORKERS, "gauge", List.of("state"), EXPERIMENTAL,
      "Streamlit workers in the pool by state (starting, up, draining, down)"),
    new MetricDescriptor(POOL_WORKER_SESSIONS, "gauge", List.of("worker"), EXPERIMENTAL,
      "WebSocket sessions open on each worker slot (w1..wN managed, u1..uN listed upstreams, r1.. remote)"),
    new MetricDescriptor(AUTH_SIGN_INS_TOTAL, "counter", List.of(), EXPERIMENTAL,
      "Sign-ins the gate completed (the provider's callback, user allowed in)"),
    new MetricDescriptor(AUTH_REFUSALS_TOTAL, "counter", List.of("reason"), EXPERIMENTAL,
      "Requests sign-in refused, by reason (the API's: missing_token, expired_token, invalid_token, insufficient_scope, ...;"
        + " the gate's: no_session, not_allowed, bad_state, bad_code, bad_nonce, provider_error, provider_down)"),
    new MetricDescriptor(ASSET_CACHE_HITS_TOTAL, "counter", List.of(), EXPERIMENTAL,
      "Requests for Streamlit's immutable bundles answered from the asset cache (304s included)"),
    new MetricDescriptor(ASSET_CACHE_MISSES_TOTAL, "counter", List.of(), EXPERIMENTAL,
      "Requests for Streamlit's immutable bundles that had to ask Streamlit"),
    new MetricDescriptor(ASSET_CACHE_BYTES_SAVED_TOTAL, "counter", List.of(), EXPERIMENTAL,
      "Bytes of Streamlit's bundle bodies not sent thanks to the asset cache (compressed variants and 304s)"),
    new MetricDescriptor(ASSET_CACHE_BYTES, "gauge", List.of(), EXPERIMENTAL,
      "Bytes the asset cache holds now, every coding counted"));

  private MetricsCatalog() {
  }

  /**
   * @param name a Prometheus name
   * @return its descriptor
   * @throws IllegalArgumentException for a name not in the catalog
   */
  public static MetricDescriptor descriptor(String name) {
    return GATEWAY_PROMETHEUS_METRICS.stream().filter(d -> d.name().equals(name)).findFirst()
      .orElseThrow(() -> new IllegalArgumentException("not a FluxLit metric: " + name));
  }
}
