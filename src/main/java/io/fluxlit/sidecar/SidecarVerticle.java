package io.fluxlit.sidecar;

import io.fluxlit.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts, watches and stops the managed Streamlit process.
 *
 * <p>Start-up story: build the command line, start the child on a worker thread, pipe its output
 * into the {@code streamlit} logger, and finish deploying once {@code /_stcore/health} answers 200
 * (or fail after {@code FLUXLIT_STREAMLIT_STARTUP_TIMEOUT_S}, or as soon as the child exits).
 * Stop: SIGTERM, then SIGKILL after 5 s.
 */
public final class SidecarVerticle extends VerticleBase {

  /** Config key: the loopback port Streamlit must listen on (chosen by the deployer). */
  public static final String PORT = "fluxlit.sidecarPort";
  /** Config key: the gateway's actual port, for {@code FLUXLIT_INTERNAL_API_BASE}. */
  public static final String GATEWAY_PORT = "fluxlit.gatewayPort";

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.sidecar");
  private static final Logger CHILD = LoggerFactory.getLogger("streamlit");
  private static final long STOP_GRACE_MS = 5_000;
  private static final long HEALTH_POLL_MS = 200;

  private Process process;
  private volatile boolean stopping;

  @Override
  public Future<?> start() {
    Settings settings = Settings.fromJson(config());
    int port = config().getInteger(PORT);
    int gatewayPort = config().getInteger(GATEWAY_PORT, settings.gatewayPort());
    String python = StreamlitCommand.python(settings.streamlitPython(), Path.of("").toAbsolutePath());
    List<String> command = StreamlitCommand.build(python, settings.streamlitApp(), port, settings.rootPath(),
      settings.streamlitRunArgs());
    return vertx.executeBlocking(() -> {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("FLUXLIT_API_PREFIX", settings.apiMount());
      builder.environment().put("FLUXLIT_INTERNAL_API_BASE",
        StreamlitCommand.internalApiBase(settings.gatewayHost(), gatewayPort, settings.rootPath(), settings.apiMount()));
      LOG.info("starting Streamlit: {}", String.join(" ", command));
      Process child = builder.start();
      OutputPump.start(child.getInputStream(), CHILD);
      return child;
    }).compose(child -> {
      process = child;
      return waitHealthy(port, settings.rootPath(), settings.streamlitStartupTimeoutMs());
    }).onSuccess(v -> {
      LOG.info("Streamlit is up on http://127.0.0.1:{}{}", port, settings.rootPath());
      process.onExit().thenAccept(p -> {
        if (!stopping) {
          // Restart supervision is not built yet: say so loudly; readiness turns 503 on its own.
          LOG.error("Streamlit exited with code {}; the gateway keeps serving /api, Streamlit requests get 502",
            p.exitValue());
        }
      });
    })
      .onFailure(err -> {
        // A failed deployment is not stopped by Vert.x: do not leave the child behind.
        if (process != null) {
          process.destroyForcibly();
        }
      });
  }

  private Future<Void> waitHealthy(int port, String rootPath, long timeoutMs) {
    HttpClient client = vertx.createHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    Promise<Void> promise = Promise.promise();
    poll(client, port, rootPath + "/_stcore/health", deadline, promise);
    return promise.future().eventually(client::close);
  }

  private void poll(HttpClient client, int port, String path, long deadline, Promise<Void> promise) {
    if (!process.isAlive()) {
      promise.fail("Streamlit exited with code " + process.exitValue() + " before it was ready (see the streamlit log lines above)");
      return;
    }
    if (System.nanoTime() > deadline) {
      promise.fail("Streamlit did not answer " + path + " in time (FLUXLIT_STREAMLIT_STARTUP_TIMEOUT_S)");
      return;
    }
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path)
        .setConnectTimeout(1000).setIdleTimeout(1000))
      .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
      .onComplete(ar -> {
        if (ar.succeeded() && ar.result() == 200) {
          promise.complete();
        } else {
          vertx.setTimer(HEALTH_POLL_MS, id -> poll(client, port, path, deadline, promise));
        }
      });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    Process child = process;
    if (child == null || !child.isAlive()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      child.destroy();
      if (!child.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("Streamlit did not stop within {} ms of SIGTERM; sending SIGKILL", STOP_GRACE_MS);
        child.destroyForcibly();
        child.waitFor(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
      }
      LOG.info("Streamlit stopped");
      return null;
    });
  }
}
