package io.fluxlit.server;

import io.fluxlit.cluster.ClusteredVertx;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Settings;
import io.fluxlit.metrics.MetricsSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.function.Function;

/**
 * The long-running process of {@code run}, {@code dev} and {@code extension}: builds
 * {@code Vertx} (clustered when {@code FLUXLIT_CLUSTER} is on, or for {@code extension}),
 * installs {@link GracefulShutdown} and deploys: for {@code run} and {@code dev}
 * {@link MainVerticle} with one event loop per gateway instance and the resolved settings,
 * typed, through its constructor.
 */
public final class FluxLitServer {

  private FluxLitServer() {
  }

  /**
   * Starts the server and returns; the JVM then lives until a signal stops it, or exits 1 (2 for
   * a {@link ConfigException}) when start-up fails, after one line on {@code err}.
   *
   * @param settings the resolved settings
   * @param err where a start-up failure is reported
   */
  public static void start(Settings settings, PrintStream err) {
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(settings.gateway().instances());
    if (MetricsSetup.recording(settings)) {
      // One registry for Vert.x's HTTP/pool/event-bus series, the JVM's and FluxLit's own.
      options.setMetricsOptions(MetricsSetup.vertxMetricsOptions(MicrometerMetricsOptions.DEFAULT_REGISTRY_NAME));
    }
    StopPlan plan = new StopPlan();
    start(settings, options, plan, vertx -> vertx.deployVerticle(new MainVerticle(settings, plan)), err);
  }

  /**
   * The {@code worker} command's process: clustered Vert.x, one managed Streamlit announced to
   * the cluster's gateways ({@link WorkerHost}); it lives until a signal stops it.
   *
   * @param settings the resolved settings (clustered, with an app)
   * @param err where a start-up failure is reported
   */
  public static void startWorker(Settings settings, PrintStream err) {
    StopPlan plan = new StopPlan();
    start(settings, new VertxOptions(), plan, vertx -> WorkerHost.deploy(vertx, settings, plan.supervision()), err);
  }

  /**
   * The start-up every long-running command shares: Vert.x (clustered when the settings say so),
   * on the transport FLUXLIT_GATEWAY_TRANSPORT picks, then {@link GracefulShutdown}, then
   * {@code deployment}. A failure of either step is one line
   * on {@code err} and in the log, and exit status 2 for a {@link ConfigException}, else 1.
   *
   * @param settings the resolved settings
   * @param options the Vert.x options
   * @param deployment what to deploy once Vert.x runs
   * @param err where a start-up failure is reported
   */
  public static void start(Settings settings, VertxOptions options, Function<Vertx, Future<?>> deployment,
                           PrintStream err) {
    start(settings, options, new StopPlan(), deployment, err); // no gateway, no sidecar to stop first
  }

  private static void start(Settings settings, VertxOptions options, StopPlan plan,
                            Function<Vertx, Future<?>> deployment, PrintStream err) {
    // Signals are ours from here on, so that one during start-up also exits 0 (docs/configuration.md).
    GracefulShutdown shutdown = GracefulShutdown.install(settings, plan);
    Future<Vertx> created;
    try {
      // FLUXLIT_GATEWAY_TRANSPORT: a native transport where there is one (fewer copies and
      // syscalls than NIO, docs/performance.md), NIO elsewhere.
      created = ClusteredVertx.create(settings.cluster(), options, TransportChoice.resolve(settings.transport()));
    } catch (RuntimeException e) { // e.g. a cluster configuration file that does not parse
      created = Future.failedFuture(e);
    }
    created
      .onFailure(e -> {
        boolean first = shutdown.claim(); // else a signal came first: the shutdown exits
        // Also releases the shutdown hook, which would otherwise wait for a Vert.x that never comes.
        shutdown.noVertx(e);
        if (first) {
          System.exit(reportFailedStart(e, err));
        }
      })
      .onSuccess(vertx -> {
        Future<?> deployed = deployment.apply(vertx);
        shutdown.attach(vertx, deployed);
        deployed.onFailure(e -> {
          if (shutdown.claim()) { // else a signal stopped start-up, and the shutdown exits
            shutdown.exitAfterFailedStart(reportFailedStart(e, err));
          }
        });
      });
  }

  /** @return the exit status for the failure, after its one line on {@code err} and in the log */
  private static int reportFailedStart(Throwable e, PrintStream err) {
    String message = e instanceof ConfigException ? e.getMessage() : "start-up failed: " + e.getMessage();
    LoggerFactory.getLogger("fluxlit").error(message);
    err.println("fluxlit: " + message);
    return e instanceof ConfigException ? ConfigException.EXIT_CODE : 1;
  }
}
