package io.fluxlit.server;

import io.fluxlit.api.ApiVerticle;
import io.fluxlit.api.ExtensionDeployment;
import io.fluxlit.bus.Addresses;
import io.fluxlit.bus.RequestIdInterceptors;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.config.UnknownVariables;
import io.fluxlit.exchange.ExchangeObserver;
import io.fluxlit.gateway.GatewayVerticle;
import io.fluxlit.gateway.LocalEndpoints;
import io.fluxlit.gateway.ReadyBanner;
import io.fluxlit.gateway.SharedState;
import io.fluxlit.health.HealthVerticle;
import io.fluxlit.metrics.Meters;
import io.fluxlit.metrics.MetricsSetup;
import io.fluxlit.metrics.MetricsVerticle;
import io.fluxlit.pool.PidFile;
import io.fluxlit.pool.RemoteWorkers;
import io.fluxlit.pool.RollingReload;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerState;
import io.fluxlit.sidecar.ManagedWorkers;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The main verticle: deploys the others, and reads as the start-up story. Deployed by
 * {@link FluxLitServer}; under its public name {@code io.fluxlit.FluxLitVerticle} by the Vert.x
 * launcher and embedding applications.
 *
 * <ol>
 *   <li>Take the settings: the typed ones it was built with ({@code run}, {@code dev}), or, when
 *       the Vert.x launcher deployed it, its deployment config resolved once, under the
 *       {@code FLUXLIT_*} environment ({@link ResolvedSettings#resolve(java.util.Map, JsonObject)}).
 *       Then the pool of Streamlit workers: the managed ones ({@code FLUXLIT_STREAMLIT_WORKERS}),
 *       else the upstream file or {@code FLUXLIT_STREAMLIT_UPSTREAM}'s list.</li>
 *   <li>Deploy the metrics verticle when Prometheus metrics are on (it answers the scrape).</li>
 *   <li>Deploy the health and API verticles, then the gateway, one instance per event loop, so
 *       {@code /api} answers (and readiness says 503) while Streamlit is still starting.</li>
 *   <li>Start the managed workers when a script is configured (one sidecar each) and wait until
 *       all are healthy; SIGHUP then replaces them one at a time ({@link RollingReload}).</li>
 *   <li>Log the URL to open, and write the pid file the {@code reload} command reads.</li>
 * </ol>
 *
 * <p>Every verticle gets the same immutable {@link Settings} through its constructor: nothing is
 * parsed again after this point.
 */
public class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit");

  private final Settings given;
  private final StopPlan stopPlan;

  /** @param settings the resolved settings ({@code null}: resolve the deployment config) */
  public MainVerticle(Settings settings) {
    this(settings, new StopPlan());
  }

  /**
   * @param settings the resolved settings
   * @param stopPlan where the gateway's deployment and the sidecars' supervision are recorded for
   *     the orderly stop
   */
  MainVerticle(Settings settings, StopPlan stopPlan) {
    this.given = settings;
    this.stopPlan = stopPlan;
  }

  @Override
  public Future<?> start() {
    Settings configured = given != null ? given : ResolvedSettings.resolve(System.getenv(), config()).settings();
    UnknownVariables.warnings(System.getenv()).forEach(LOG::warn);
    return vertx.executeBlocking(() -> resolvePorts(configured))
      .compose(settings -> {
        WorkerPool pool = newPool(settings);
        ManagedWorkers managed = settings.sidecar().app().isEmpty() ? null : new ManagedWorkers(vertx, settings, stopPlan.supervision(), pool);
        RequestIdInterceptors.install(vertx);
        vertx.eventBus().<JsonObject>localConsumer(Addresses.HEALTH_STATE, change -> logReadiness(change.body()));
        LocalEndpoints.logStartup(settings);
        Meters meters = MetricsSetup.recording(settings) ? Meters.create(vertx) : null;
        Supplier<List<ExchangeObserver>> observers = GatewayObservers.of(settings, pool, meters);
        SharedState shared = SharedState.of(vertx, settings);
        // Metrics first: they follow readiness changes from the health verticle's first answer.
        Future<String> metrics = meters != null
          ? vertx.deployVerticle(new MetricsVerticle(settings, pool, meters))
          : Future.succeededFuture();
        return metrics
          .compose(id -> vertx.deployVerticle(new HealthVerticle(settings, pool)))
          .compose(id -> vertx.deployVerticle(new ApiVerticle(settings)))
          .compose(id -> ExtensionDeployment.deployAll(vertx, settings.api().extensions()))
          .compose(id -> vertx.deployVerticle(() -> new GatewayVerticle(settings, pool, shared, observers),
            new DeploymentOptions().setInstances(settings.gateway().instances())))
          .compose(id -> {
            stopPlan.gatewayDeployed(id);
            return managed == null ? Future.succeededFuture() : managed.startAll();
          })
          .compose(v -> settings.cluster().enabled() ? vertx.deployVerticle(new RemoteWorkers(pool)) : Future.succeededFuture())
          .onSuccess(v -> {
            ReloadSignal.install(vertx, managed == null ? null
              : new RollingReload(vertx, pool, managed, settings.pool().drainTimeoutMs()));
            PidFile.write(settings.gateway().port());
            ReadyBanner.of(settings).lines().forEach(LOG::info);
          });
      });
  }

  /** Blocking: chooses free ports, reads the upstream file. */
  private Settings resolvePorts(Settings settings) throws IOException {
    Settings resolved = settings;
    if (settings.gateway().port() == 0) {
      resolved = resolved.with(Setting.FLUXLIT_GATEWAY_PORT, Integer.toString(freePort(settings.gateway().host())));
    }
    if (!settings.sidecar().app().isEmpty()) {
      if (!Files.isRegularFile(Path.of(settings.sidecar().app()))) {
        throw new ConfigException(Setting.FLUXLIT_STREAMLIT_APP, settings.sidecar().app(), "an existing Streamlit script");
      }
    }
    if (settings.sidecar().app().isEmpty() && !settings.upstream().urlFile().isEmpty()) {
      Path file = Path.of(settings.upstream().urlFile());
      String url = Files.isRegularFile(file) ? Files.readString(file).trim() : "";
      if (url.isEmpty()) {
        LOG.warn("{} names {}, which is missing or empty; using FLUXLIT_STREAMLIT_UPSTREAM",
          Setting.FLUXLIT_STREAMLIT_UPSTREAM_FILE.envName(), file);
      } else {
        try {
          resolved = resolved.with(Setting.FLUXLIT_STREAMLIT_UPSTREAM, url);
        } catch (ConfigException e) {
          throw new ConfigException(Setting.FLUXLIT_STREAMLIT_UPSTREAM_FILE.envName() + "=" + file
            + " holds '" + url + "', which is not an http:// or https:// URL with a host");
        }
      }
    }
    return resolved;
  }

  /** The health verticle publishes only changes, so each transition is logged once. */
  private static void logReadiness(JsonObject change) {
    if (change.getBoolean("ready", false)) {
      LOG.info("Streamlit upstream is ready");
    } else {
      LOG.warn("Streamlit upstream is not ready: {}", change.getJsonObject("data", new JsonObject()).getString("detail"));
    }
  }

  /**
   * The pool, with the external upstreams in it (up until a probe says otherwise); managed
   * workers join it as they start.
   */
  private static WorkerPool newPool(Settings settings) {
    WorkerPool pool = WorkerPool.forGateway(settings);
    List<String> urls = settings.sidecar().app().isEmpty() ? settings.upstream().urls() : List.of();
    for (int i = 0; i < urls.size(); i++) {
      Worker worker = new Worker(Worker.newId(), "u" + (i + 1), 1, Worker.Kind.EXTERNAL, Upstream.parse(urls.get(i)));
      pool.add(worker);
      pool.state(worker, WorkerState.UP, "");
    }
    return pool;
  }

  /** The port is released again before Streamlit or the gateway binds it; the race is accepted. */
  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }
}
