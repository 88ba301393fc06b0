package io.fluxlit.gateway;

import io.fluxlit.bus.Addresses;
import io.fluxlit.config.Setting;
import io.fluxlit.config.SettingRedaction;
import io.fluxlit.config.Settings;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObserver;
import io.fluxlit.exchange.RoutedPath;
import io.fluxlit.exchange.SignIn;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.pool.WorkerPool;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The gateway's own endpoints outside the API mount, on a Vert.x Web {@link Router}: the
 * Prometheus scrape and the debug snapshot (neither counted, logged nor traced), and the docs
 * redirects (observed like any request). Handlers for all of them (security headers, CORS) go on
 * this router. A path under the API mount belongs to the API: the endpoint is then disabled with
 * a WARNING (docs/architecture.md#differences).
 *
 * <p>The router routes the exchange's normalised dispatch path (the public sub-path removed), so
 * {@code /myapp/__fluxlit/metrics} and {@code /__fluxlit/metrics} are the same endpoint.
 */
public final class LocalEndpoints {

  /** The debug snapshot's path. */
  public static final String DEBUG_PATH = "/__fluxlit/debug";

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");
  private static final String REROUTED = "fluxlit.rerouted";

  private final Vertx vertx;
  private final String metricsPath;
  private final DebugRing ring;
  private final Settings settings;
  private final WorkerPool pool;
  private final DocsRedirect docs;
  private final Router router;

  LocalEndpoints(Vertx vertx, Settings settings, DispatchRules rules, WorkerPool pool, DebugRing sharedRing) {
    this.vertx = vertx;
    this.settings = settings;
    this.pool = pool;
    this.metricsPath = metricsServedHere(settings, rules) ? settings.observability().metricsPath() : null;
    boolean debug = settings.observability().debug() && !rules.isUnderMount(DEBUG_PATH);
    this.ring = debug ? sharedRing : null;
    this.docs = new DocsRedirect(rules);
    router = Router.router(vertx);
    router.route().order(-1).handler(LocalEndpoints::onDispatchPath);
    if (metricsPath != null) {
      router.get(metricsPath).handler(this::scrape);
    }
    router.get(DEBUG_PATH).handler(debug ? this::snapshot : LocalEndpoints::notFound);
    for (String path : DocsRedirect.PATHS) {
      router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::redirect);
    }
  }

  /** @return whether the public port serves the scrape (enabled, no own port, not under the mount) */
  public static boolean metricsServedHere(Settings settings, DispatchRules rules) {
    return settings.observability().metricsEnabled() && settings.observability().metricsPort() == 0
      && !rules.isUnderMount(settings.observability().metricsPath());
  }

  /** Start-up lines, written once by the main verticle rather than once per gateway instance. */
  public static void logStartup(Settings settings) {
    DispatchRules rules = new DispatchRules(settings.api().mount(), settings.gateway().rootPath());
    String metrics = settings.observability().metricsPath();
    if (settings.observability().metricsEnabled() && settings.observability().metricsPort() == 0
      && rules.isUnderMount(metrics)) {
      LOG.warn("{}={} lies under the API mount {}: metrics are disabled",
        Setting.FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH.envName(), metrics, rules.apiMount());
    }
    if (settings.observability().debug() && rules.isUnderMount(DEBUG_PATH)) {
      LOG.warn("{} lies under the API mount {}: the debug snapshot is disabled and the path belongs to the API",
        DEBUG_PATH, rules.apiMount());
    } else if (settings.observability().debug()) {
      LOG.info("fluxlit debug mode: GET {} redacted snapshot (api_prefix={} root_mount={})",
        DEBUG_PATH, rules.apiMount(), rules.rootPath());
    }
  }

  /**
   * @return in debug mode, an observer that adds each exchange's signed-in user ID to its entry
   *         of the snapshot's recent dispatches (known only once it ends: docs/auth.md); else none
   */
  List<ExchangeObserver> debugObservers() {
    if (ring == null) {
      return List.of();
    }
    return List.of(new ExchangeObserver() {
      @Override
      public void ended(Exchange exchange) {
        String userId = exchange.get(SignIn.USER_ID);
        if (userId != null) {
          ring.signedIn(exchange.requestId(), userId);
        }
      }
    });
  }

  /** Debug mode: remembers the dispatch and writes the path-split line. */
  void recordDispatch(String requestId, RoutedPath route, String pathIn, String rootPath) {
    if (ring != null) {
      ring.add(requestId, route.dispatch(), pathIn);
      LOG.debug("fluxlit debug split path_in={} mount={} api_path={} streamlit_path={}",
        pathIn, rootPath, route.apiPath(), route.streamlitPath());
    }
  }

  /** @return the scrape's path when the public port serves it, else {@code null} */
  String scrapePath() {
    return metricsPath;
  }

  /** @return whether the request is the scrape or the debug snapshot, which observers never see */
  boolean isUnobserved(HttpMethod method, String dispatchPath) {
    return method == HttpMethod.GET && (dispatchPath.equals(metricsPath) || dispatchPath.equals(DEBUG_PATH));
  }

  /** @return whether the request is one of the docs redirects */
  boolean isRedirect(HttpMethod method, String dispatchPath) {
    return docs.location(method, dispatchPath) != null;
  }

  /** @param request a request {@link #isUnobserved} or {@link #isRedirect} accepted, its exchange bound */
  void handle(HttpServerRequest request) {
    router.handle(request);
  }

  /** Routing follows the dispatch path, not the path as the browser wrote it. */
  private static void onDispatchPath(RoutingContext ctx) {
    String dispatchPath = Exchange.current().route().dispatchPath();
    if (!dispatchPath.equals(ctx.normalizedPath()) && ctx.get(REROUTED) == null) {
      ctx.put(REROUTED, true);
      ctx.reroute(dispatchPath);
    } else {
      ctx.next();
    }
  }

  private void scrape(RoutingContext ctx) {
    vertx.eventBus().<String>request(Addresses.METRICS_SCRAPE, null, new DeliveryOptions().setLocalOnly(true))
      .onSuccess(reply -> ctx.response()
        .putHeader("content-type", reply.headers().get("content-type"))
        .end(reply.body()))
      .onFailure(err -> ctx.response().setStatusCode(503).end("metrics unavailable"));
  }

  private static void notFound(RoutingContext ctx) {
    ctx.response().setStatusCode(404).putHeader("content-type", GatewayResponses.TEXT_PLAIN).end("Not Found");
  }

  private void redirect(RoutingContext ctx) {
    String location = docs.location(ctx.request().method(), Exchange.current().route().dispatchPath());
    ctx.response().setStatusCode(307).putHeader("location", location).putHeader("content-length", "0").end();
  }

  private void snapshot(RoutingContext ctx) {
    JsonObject redacted = new JsonObject();
    settings.rawValues().forEach((setting, value) ->
      redacted.put(setting.envName(), SettingRedaction.redact(setting.envName(), value)));
    JsonObject body = new JsonObject()
      .put("fluxlit_debug", true)
      .put("gateway", new JsonObject().put("api_prefix", settings.api().mount())
        .put("root_mount", settings.gateway().rootPath()))
      .put("settings", redacted)
      .put("streamlit_upstream_env", pool.workers().isEmpty() ? "unset" : "set")
      .put("recent_dispatches", ring.snapshot());
    if (pool.configured()) {
      body.put("pool", pool.snapshot());
    }
    ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(body.encodePrettily());
  }
}
