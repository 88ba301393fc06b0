package io.fluxlit.bus;

/**
 * Every event-bus address FluxLit uses. The internal ones are local to the JVM (local consumers,
 * local-only delivery), so gateway replicas sharing a clustered bus never answer for each other. Extension authors talk to {@link #API_ROUTES}; the rest
 * is internal wiring between FluxLit's own verticles. Documented in docs/extensions.md and
 * docs/architecture.md (tested against this class).
 */
public final class Addresses {

  /** Gateway to API verticle: one HTTP request under the API mount, request/reply. */
  public static final String API_REQUEST = "fluxlit.api.request";
  /** Extension verticles publish their routes here (cluster-wide; see docs/extensions.md). */
  public static final String API_ROUTES = "fluxlit.api.routes";
  /** API verticles publish here at start so extensions announce their routes again. */
  public static final String API_ROUTES_SYNC = "fluxlit.api.routes.sync";
  /** API verticle to health verticle: "is the upstream ready?", request/reply. */
  public static final String HEALTH_READY = "fluxlit.health.ready";
  /** Health verticle publishes readiness changes (up/down) here. */
  public static final String HEALTH_STATE = "fluxlit.health.state";
  /** Gateway to metrics verticle: "the Prometheus scrape, please", request/reply (text reply). */
  public static final String METRICS_SCRAPE = "fluxlit.metrics.scrape";

  /** A {@code worker} JVM announces its Streamlit here (cluster-wide publish; docs/scaling.md). */
  public static final String POOL_WORKER_ANNOUNCE = "fluxlit.pool.worker.announce";
  /** A {@code worker} JVM that stops says so here (cluster-wide publish; body: its worker id). */
  public static final String POOL_WORKER_LEAVE = "fluxlit.pool.worker.leave";
  /** Gateways publish here at start so that {@code worker} JVMs announce themselves again. */
  public static final String POOL_WORKER_SYNC = "fluxlit.pool.worker.sync";

  /** Clustered mode: a cluster member left (body: its node ID); the API verticle fails requests it took along. */
  public static final String CLUSTER_MEMBER_LEFT = "fluxlit.cluster.member-left";

  private Addresses() {
  }

  /** @return every address, for docs and tests */
  public static String[] all() {
    return new String[] {API_REQUEST, API_ROUTES, API_ROUTES_SYNC, HEALTH_READY, HEALTH_STATE, METRICS_SCRAPE,
      POOL_WORKER_ANNOUNCE, POOL_WORKER_LEAVE, POOL_WORKER_SYNC, CLUSTER_MEMBER_LEFT};
  }
}
