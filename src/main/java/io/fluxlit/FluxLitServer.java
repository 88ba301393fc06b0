package io.fluxlit;

import io.fluxlit.cluster.ClusteredVertx;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Settings;
import io.fluxlit.metrics.FluxLitMetrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;

/**
 * The long-running server of {@code run} and {@code dev}: builds {@code Vertx} with one event loop
 * per gateway instance (clustered when {@code FLUXLIT_CLUSTER} is on), installs {@link GracefulShutdown} and deploys {@link FluxLitVerticle}
 * with the resolved settings as its deployment config.
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
    // Netty's native epoll transport when present (Linux): fewer copies and syscalls than NIO
    // (docs/performance.md); elsewhere Vert.x falls back to NIO.
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(settings.gatewayInstances())
      .setPreferNativeTransport(true);
    if (FluxLitMetrics.recording(settings)) {
      // One registry for Vert.x's HTTP/pool/event-bus series, the JVM's and FluxLit's own.
      options.setMetricsOptions(FluxLitMetrics.vertxMetricsOptions(MicrometerMetricsOptions.DEFAULT_REGISTRY_NAME));
    }
    ClusteredVertx.create(settings.cluster(), options)
      .onFailure(e -> {
        LoggerFactory.getLogger("fluxlit").error("start-up failed: {}", e.getMessage());
        err.println("fluxlit: start-up failed: " + e.getMessage());
        System.exit(e instanceof ConfigException ? ConfigException.EXIT_CODE : 1);
      })
      .onSuccess(vertx -> deploy(vertx, settings, err));
  }

  private static void deploy(Vertx vertx, Settings settings, PrintStream err) {
    GracefulShutdown shutdown = GracefulShutdown.install(vertx, settings);
    vertx.deployVerticle(new FluxLitVerticle(), new DeploymentOptions().setConfig(settings.toJson()))
      .onFailure(e -> {
        if (shutdown.started()) {
          return; // a signal stopped start-up; the shutdown exits
        }
        String message = e instanceof ConfigException ? e.getMessage() : "start-up failed: " + e.getMessage();
        LoggerFactory.getLogger("fluxlit").error(message);
        err.println("fluxlit: " + message);
        shutdown.exitAfterFailedStart(e instanceof ConfigException ? ConfigException.EXIT_CODE : 1);
      });
  }
}
