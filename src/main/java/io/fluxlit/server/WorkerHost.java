package io.fluxlit.server;

import io.fluxlit.cluster.ClusteredVertx;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerAnnouncer;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.sidecar.SidecarVerticle;
import io.fluxlit.sidecar.Supervision;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The start-up story of a {@code worker} JVM (docs/scaling.md#workers-on-other-hosts): one
 * managed Streamlit, supervised as in a gateway, bound to {@code FLUXLIT_CLUSTER_HOST} on
 * {@code FLUXLIT_STREAMLIT_PORT} (else a free port), and announced on the clustered event bus once it
 * is up. No HTTP port of its own: browsers reach it through the cluster's gateways.
 */
final class WorkerHost {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit");

  private WorkerHost() {
  }

  /**
   * @param vertx the clustered Vert.x
   * @param settings the resolved settings (clustered, with an app)
   * @param supervision the supervision the orderly stop ends
   * @return completed once the worker is up and announced
   */
  static Future<?> deploy(Vertx vertx, Settings settings, Supervision supervision) {
    String host = settings.cluster().host();
    return vertx.executeBlocking(() -> {
      if (!Files.isRegularFile(Path.of(settings.sidecar().app()))) {
        throw new ConfigException(Setting.FLUXLIT_STREAMLIT_APP, settings.sidecar().app(), "an existing Streamlit script");
      }
      int fixed = settings.pool().workerPort();
      try (ServerSocket socket = new ServerSocket(fixed, 1, InetAddress.getByName(host))) {
        return socket.getLocalPort();
      } catch (IOException e) {
        if (fixed != 0) {
          throw new ConfigException(Setting.FLUXLIT_STREAMLIT_PORT, Integer.toString(fixed),
            "a port that is free on " + host + " (" + e.getMessage() + ")");
        }
        throw new IllegalStateException("no free port on " + host + " (" + Setting.FLUXLIT_CLUSTER_HOST.envName() + "): " + e);
      }
    }).compose(port -> {
      // A pool of its own for the sidecar's state; the gateways keep theirs from the announcements.
      WorkerPool local = WorkerPool.ofOneWorker();
      Worker worker = new Worker(Worker.newId(), "w1", 1, Worker.Kind.MANAGED, new Upstream(false, host, port, ""));
      local.add(worker);
      String node = ClusteredVertx.memberId(vertx);
      return vertx.deployVerticle(new SidecarVerticle(settings, supervision, local, worker, Map.of()))
        .compose(id -> vertx.deployVerticle(new WorkerAnnouncer(worker, node)))
        .onSuccess(id -> LOG.info("worker ready: Streamlit on {}, serving through the gateways of cluster '{}'",
          worker.upstream().baseUrl(), settings.cluster().name()));
    });
  }
}
