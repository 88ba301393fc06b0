package io.fluxlit.gateway;

import io.fluxlit.Addresses;
import io.fluxlit.config.Setting;
import io.fluxlit.config.SettingRedaction;
import io.fluxlit.config.Settings;
import io.fluxlit.pool.WorkerPool;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own GET endpoints outside the API mount: the Prometheus scrape and the debug
 * snapshot. Neither is counted, logged or traced. A path under the API mount belongs to the API:
 * the endpoint is then disabled with a WARNING (the reference swallowed the API's route).
 */
public final class LocalEndpoints {

  /** The debug snapshot's path (reference). */
  public static final String DEBUG_PATH = "/__fluxlit/debug";

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final Vertx vertx;
  private final String metricsPath;
  private final boolean debug;
  private final DebugRing ring;
  private final Settings settings;
  private final WorkerPool pool;

  LocalEndpoints(Vertx vertx, Settings settings, DispatchRules rules, WorkerPool pool) {
    this.vertx = vertx;
    this.settings = settings;
    this.pool = pool;
    this.metricsPath = metricsServedHere(settings, rules) ? settings.observability().metricsPath() : null;
    this.debug = debugServed(settings, rules);
    this.ring = debug ? (DebugRing) vertx.sharedData().getLocalMap("fluxlit.debug")
      .computeIfAbsent("ring", k -> new DebugRing()) : null;
  }

  /** @return whether the public port serves the scrape (enabled, no own port, not under the mount) */
  public static boolean metricsServedHere(Settings settings, DispatchRules rules) {
    return settings.observability().metricsEnabled() && settings.observability().metricsPort() == 0 && !rules.isUnderMount(settings.observability().metricsPath());
  }

  private static boolean debugServed(Settings settings, DispatchRules rules) {
    return settings.observability().debug() && !rules.isUnderMount(DEBUG_PATH);
  }

  /** Start-up lines, written once by the main verticle rather than once per gateway instance. */
  public static void logStartup(Settings settings) {
    DispatchRules rules = new DispatchRules(settings.api().mount(), settings.gateway().rootPath());
    if (settings.observability().metricsEnabled() && settings.observability().metricsPort() == 0 && rules.isUnderMount(settings.observability().metricsPath())) {
      LOG.warn("{}={} lies under the API mount {}: metrics are disabled",
        Setting.GATEWAY_PROMETHEUS_METRICS_PATH.envName(), settings.observability().metricsPath(), rules.apiMount());
    }
    if (settings.observability().debug() && rules.isUnderMount(DEBUG_PATH)) {
      LOG.warn("{} lies under the API mount {}: the debug snapshot is disabled and the path belongs to the API",
        DEBUG_PATH, rules.apiMount());
    } else if (settings.observability().debug()) {
      LOG.info("fluxlit debug mode: GET {} redacted snapshot (api_prefix={} root_mount={})",
        DEBUG_PATH, rules.apiMount(), rules.rootPath());
    }
  }

  /** Debug mode: remembers the dispatch and writes the path-split line. */
  void recordDispatch(String requestId, RoutedPath route, String pathIn, String rootPath) {
    if (ring != null) {
      ring.add(requestId, route.dispatch(), pathIn);
      LOG.debug("fluxlit debug split path_in={} mount={} api_path={} streamlit_path={}",
        pathIn, rootPath, route.apiPath(), route.streamlitPath());
    }
  }

  /**
   * @return whether the request was one of these endpoints (and has been answered)
   */
  boolean handle(HttpServerRequest request, RoutedPath route) {
    if (request.method() != HttpMethod.GET) {
      return false;
    }
    String path = route.dispatchPath();
    if (path.equals(metricsPath)) {
      vertx.eventBus().<String>request(Addresses.METRICS_SCRAPE, null, new DeliveryOptions().setLocalOnly(true))
        .onSuccess(reply -> request.response()
          .putHeader("content-type", reply.headers().get("content-type"))
          .end(reply.body()))
        .onFailure(err -> request.response().setStatusCode(503).end("metrics unavailable"));
      return true;
    }
    if (path.equals(DEBUG_PATH)) {
      if (!debug) {
        request.response().setStatusCode(404).putHeader("content-type", GatewayResponses.TEXT_PLAIN).end("Not Found");
      } else {
        request.response().putHeader("content-type", "application/json; charset=utf-8").end(snapshot().encodePrettily());
      }
      return true;
    }
    return false;
  }

  private JsonObject snapshot() {
    JsonObject redacted = new JsonObject();
    settings.rawValues().forEach((setting, value) ->
      redacted.put(setting.envName(), SettingRedaction.redact(setting.envName(), value)));
    JsonObject snapshot = new JsonObject()
      .put("fluxlit_debug", true)
      .put("gateway", new JsonObject().put("api_prefix", settings.api().mount()).put("root_mount", settings.gateway().rootPath()))
      .put("settings", redacted)
      .put("streamlit_upstream_env", pool.workers().isEmpty() ? "unset" : "set")
      .put("recent_dispatches", ring.snapshot());
    if (pool.configured()) {
      snapshot.put("pool", pool.snapshot());
    }
    return snapshot;
  }
}
