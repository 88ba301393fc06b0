package io.fluxlit;

import io.fluxlit.api.ApiVerticle;
import io.fluxlit.api.ExtensionDeployment;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.gateway.GatewayVerticle;
import io.fluxlit.gateway.ReadyBanner;
import io.fluxlit.gateway.Upstream;
import io.fluxlit.health.HealthVerticle;
import io.fluxlit.sidecar.SidecarVerticle;
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

/**
 * The main verticle: deploys the others, and reads as the start-up story.
 *
 * <ol>
 *   <li>Resolve the settings (deployment config, keyed by variable names or settings-file keys,
 *       over {@code FLUXLIT_*} environment over defaults) and the upstream: the managed
 *       sidecar's loopback port, the upstream file, or {@code FLUXLIT_STREAMLIT_UPSTREAM}.</li>
 *   <li>Deploy the metrics verticle when Prometheus metrics are on (it answers the scrape).</li>
 *   <li>Deploy the health and API verticles, then the gateway, one instance per event loop, so
 *       {@code /api} answers (and readiness says 503) while Streamlit is still starting.</li>
 *   <li>Deploy the Streamlit sidecar when a script is configured and wait until it is healthy.</li>
 *   <li>Log the URL to open.</li>
 * </ol>
 */
public final class FluxLitVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit");

  private int sidecarPort;

  @Override
  public Future<?> start() {
    JsonObject merged = new JsonObject();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("FLUXLIT_")) {
        merged.put(k, v);
      }
    });
    // A launcher's -conf may use the settings-file keys (gateway_port) as well as variable names.
    merged.mergeIn(io.fluxlit.config.ConfFile.withEnvNames(config()));
    Settings configured = Settings.fromJson(merged);
    io.fluxlit.config.UnknownVariables.warnings(System.getenv()).forEach(LOG::warn);
    return vertx.executeBlocking(() -> resolvePorts(configured))
      .compose(settings -> {
        JsonObject config = settings.toJson().put(Upstream.CONFIG_KEY, upstreamUrl(settings));
        vertx.eventBus().<JsonObject>localConsumer(Addresses.HEALTH_STATE, change -> logReadiness(change.body()));
        io.fluxlit.gateway.LocalEndpoints.logStartup(settings);
        // Metrics first: they follow readiness changes from the health verticle's first answer.
        Future<String> metrics = io.fluxlit.metrics.FluxLitMetrics.recording(settings)
          ? deploy(new io.fluxlit.metrics.MetricsVerticle(), config)
          : Future.succeededFuture();
        return metrics
          .compose(id -> deploy(new HealthVerticle(), config))
          .compose(id -> deploy(new ApiVerticle(), config))
          .compose(id -> ExtensionDeployment.deployAll(vertx, settings.extensions()))
          .compose(id -> vertx.deployVerticle(GatewayVerticle::new,
            new DeploymentOptions().setConfig(config).setInstances(settings.gatewayInstances())))
          .compose(id -> settings.streamlitApp().isEmpty()
            ? Future.succeededFuture()
            : deploy(new SidecarVerticle(), config.copy()
              .put(SidecarVerticle.PORT, sidecarPort)
              .put(SidecarVerticle.GATEWAY_PORT, settings.gatewayPort())))
          .onSuccess(v -> ReadyBanner.of(settings).lines().forEach(LOG::info));
      });
  }

  /** Blocking: chooses free ports, reads the upstream file. */
  private Settings resolvePorts(Settings settings) throws IOException {
    Settings resolved = settings;
    if (settings.gatewayPort() == 0) {
      resolved = resolved.with(Setting.GATEWAY_PORT, Integer.toString(freePort(settings.gatewayHost())));
    }
    if (!settings.streamlitApp().isEmpty()) {
      if (!Files.isRegularFile(Path.of(settings.streamlitApp()))) {
        throw new io.fluxlit.config.ConfigException(Setting.STREAMLIT_APP, settings.streamlitApp(),
          "an existing Streamlit script");
      }
      sidecarPort = freePort("127.0.0.1");
    }
    if (settings.streamlitApp().isEmpty() && !settings.streamlitUpstreamFile().isEmpty()) {
      Path file = Path.of(settings.streamlitUpstreamFile());
      String url = Files.isRegularFile(file) ? Files.readString(file).trim() : "";
      if (url.isEmpty()) {
        LOG.warn("{} names {}, which is missing or empty; using FLUXLIT_STREAMLIT_UPSTREAM",
          Setting.STREAMLIT_UPSTREAM_FILE.envName(), file);
      } else {
        try {
          resolved = resolved.with(Setting.STREAMLIT_UPSTREAM, Settings.upstreamUrl(Setting.STREAMLIT_UPSTREAM, url));
        } catch (io.fluxlit.config.ConfigException e) {
          throw new io.fluxlit.config.ConfigException(Setting.STREAMLIT_UPSTREAM_FILE.envName() + "=" + file
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

  private String upstreamUrl(Settings settings) {
    return settings.streamlitApp().isEmpty() ? settings.streamlitUpstream() : "http://127.0.0.1:" + sidecarPort;
  }

  private Future<String> deploy(VerticleBase verticle, JsonObject config) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config));
  }

  /** The port is released again before Streamlit or the gateway binds it; the race is accepted. */
  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }
}
