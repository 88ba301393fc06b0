package io.fluxlit.sidecar;

import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.gateway.signin.IdentityHeaders;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts, supervises and stops one managed Streamlit process: one worker of the pool, whose state
 * it keeps up to date (starting, up, down), and whose output lines go to the logger
 * {@code streamlit.<worker>} (e.g. {@code streamlit.w1.1}).
 *
 * <p>Start-up story: build the command line, start the child on a worker thread, pipe its output
 * into the {@code streamlit} logger, and finish deploying once {@code /_stcore/health} answers 200
 * (or fail after {@code FLUXLIT_STREAMLIT_STARTUP_TIMEOUT_S}, or as soon as the child exits).
 *
 * <p>Supervision: when the child dies after that, its exit code is logged (one WARNING) and it is
 * started again on the same loopback port after a backoff ({@link RestartPolicy}); meanwhile the
 * readiness probe answers 503 on its own and {@code /api} keeps answering. When
 * {@code FLUXLIT_SIDECAR_RESTART_MAX} restarts in a row have died as well, one ERROR says so and
 * nothing is retried any more. All state lives on this verticle's context.
 *
 * <p>Stop: SIGTERM, then SIGKILL after 5 s; a pending restart is cancelled.
 */
public final class SidecarVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.sidecar");

  private final Settings settings;
  private final Supervision supervision;
  private final WorkerPool pool;
  private final Worker worker;
  private final Map<String, String> extraEnv;
  private final int port;
  private List<String> command;
  private Map<String, String> env;
  private RestartPolicy policy;

  private StreamlitChild child;
  private Future<StreamlitChild> spawning = Future.succeededFuture();
  private long restartTimer = -1;
  private boolean supervising;
  private boolean stopping;

  /**
   * @param settings the resolved settings (the gateway's port already chosen, for
   *     {@code FLUXLIT_INTERNAL_API_BASE})
   * @param supervision the process's supervision, which the orderly stop ends
   * @param pool the pool the worker belongs to (told about its state changes)
   * @param worker the worker this process is; Streamlit must listen on its loopback port
   * @param extraEnv variables for the child beyond FluxLit's own (e.g. the pool's shared cookie secret)
   */
  public SidecarVerticle(Settings settings, Supervision supervision, WorkerPool pool, Worker worker,
                         Map<String, String> extraEnv) {
    this.settings = settings;
    this.supervision = supervision;
    this.pool = pool;
    this.worker = worker;
    this.extraEnv = Map.copyOf(extraEnv);
    this.port = worker.upstream().port();
  }

  /** @return the worker this sidecar runs */
  public Worker worker() {
    return worker;
  }

  @Override
  public Future<?> start() {
    if (!supervision.starting(this)) {
      supervision.stopped(this);
      return Future.failedFuture("stopping: Streamlit is not started");
    }
    int gatewayPort = settings.gateway().port();
    String python = StreamlitCommand.python(settings.sidecar().python(), Path.of("").toAbsolutePath());
    command = StreamlitCommand.build(python, settings.sidecar().app(), worker.upstream().host(), port,
      settings.gateway().rootPath(), settings.sidecar().xsrfProtection(),
      settings.auth().gateEnabled() ? IdentityHeaders.STREAMLIT_MAPPING : null, settings.sidecar().runArgs());
    Map<String, String> childEnv = new HashMap<>(extraEnv);
    childEnv.put("FLUXLIT_API_PREFIX", settings.api().mount());
    childEnv.put("FLUXLIT_INTERNAL_API_BASE",
      StreamlitCommand.internalApiBase(settings.gateway().host(), gatewayPort, settings.gateway().rootPath(), settings.api().mount()));
    env = Map.copyOf(childEnv);
    policy = new RestartPolicy(settings.sidecar().restartMax(), settings.sidecar().backoffInitialMs(),
      settings.sidecar().backoffMaxMs());
    LOG.info("starting Streamlit worker {}: {}", worker.name(), String.join(" ", command));
    return spawn()
      .compose(started -> started.awaitHealthy(port, healthPath(), settings.sidecar().startupTimeoutMs(),
          supervision::ended)
        .onFailure(err -> {
          started.killUnhealthy(); // a failed deployment is not stopped by Vert.x
          supervision.stopped(this);
        }))
      .onSuccess(v -> {
        supervising = true;
        LOG.info("Streamlit is up on http://127.0.0.1:{}{}", port, settings.gateway().rootPath());
        pool.state(worker, WorkerState.UP, "");
      });
  }

  /** Starts a child and watches its exit; the child becomes {@link #child} at once. */
  private Future<StreamlitChild> spawn() {
    spawning = StreamlitChild.start(vertx, context, command, env, "streamlit." + worker.name()).onSuccess(started -> {
      child = started;
      started.exit().onSuccess(code -> exited(started, code));
    });
    return spawning;
  }

  /** Runs on the context for every child that exits, expected or not. */
  private void exited(StreamlitChild dead, int code) {
    if (stopping || dead != child || !supervising) {
      // Stopping, or the initial start whose failure fails the deployment instead.
      return;
    }
    child = null;
    pool.state(worker, WorkerState.DOWN, "process " + dead.pid() + " exited with code " + code);
    String how = dead.killedUnhealthy()
      ? "did not answer " + healthPath() + " within " + settings.sidecar().startupTimeoutMs() / 1000.0
        + " s after a restart and was killed (exit code " + code + ")"
      : "exited with code " + code;
    afterDeath(how, dead.healthyForMs());
  }

  /** Schedules the next restart, or gives up for good. */
  private void afterDeath(String how, long healthyForMs) {
    long delay = policy.nextDelayMs(healthyForMs);
    if (delay == RestartPolicy.GIVE_UP) {
      giveUp(how);
      return;
    }
    LOG.warn("Streamlit {}; restarting it in {} s (restart {} of at most {} in a row, {}); /api keeps answering, {}",
      how, delay / 1000.0, policy.restartsInARow(), policy.maxRestarts(), Setting.FLUXLIT_SIDECAR_RESTART_MAX.envName(),
      pool.several() ? "its browsers go to the other workers" : "readiness is 503 until it is back");
    restartTimer = vertx.setTimer(delay, id -> restart());
  }

  private void restart() {
    restartTimer = -1;
    if (stopping || !supervising) {
      return;
    }
    LOG.info("restarting Streamlit on port {} (restart {} of at most {} in a row)", port,
      policy.restartsInARow(), policy.maxRestarts());
    spawn()
      .onSuccess(started -> started.awaitHealthy(port, healthPath(), settings.sidecar().startupTimeoutMs(),
          () -> stopping)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            LOG.info("Streamlit is up again on http://127.0.0.1:{}{}", port, settings.gateway().rootPath());
            pool.state(worker, WorkerState.UP, "restarted");
          } else if (!stopping) {
            // Its exit (already, or after this kill) goes through exited(), which counts it.
            started.killUnhealthy();
          }
        }))
      .onFailure(err -> {
        // The process could not even be started (e.g. the interpreter is gone): no exit will come.
        if (!stopping) {
          afterDeath("could not be started (" + err.getMessage() + ")", 0);
        }
      });
  }

  /** The one line a crash loop ends with; nothing is scheduled after it. */
  private void giveUp(String how) {
    String tried = policy.maxRestarts() == 0 ? "restarts are off"
      : "it has now failed " + policy.maxRestarts() + " restarts in a row";
    pool.state(worker, WorkerState.DOWN, "gave up after " + policy.maxRestarts() + " restarts");
    LOG.error("Streamlit {} and {}: giving up ({}={}). The gateway keeps serving /api; /api/readyz stays 503 and"
        + " Streamlit requests get 502 until FluxLit is restarted.",
      how, tried, Setting.FLUXLIT_SIDECAR_RESTART_MAX.envName(), policy.maxRestarts());
  }

  /**
   * Ends supervision ahead of {@link #stop()}: from now on a child that exits is not restarted.
   * The orderly shutdown calls it ({@link Supervision#end()}) before draining the gateway, because
   * a Ctrl+C in a terminal reaches the whole process group, Streamlit included. Safe from any thread.
   */
  void endSupervision() {
    context.runOnContext(v -> {
      supervising = false;
      if (restartTimer >= 0) {
        vertx.cancelTimer(restartTimer);
        restartTimer = -1;
      }
    });
  }

  private String healthPath() {
    return settings.gateway().rootPath() + "/_stcore/health";
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    supervision.stopped(this);
    if (restartTimer >= 0) {
      vertx.cancelTimer(restartTimer);
    }
    // A child still being started is stopped too once it exists.
    return spawning.otherwiseEmpty().compose(v -> {
      StreamlitChild running = child;
      if (running == null || !running.isAlive()) {
        return Future.succeededFuture();
      }
      return running.stop().onSuccess(x -> LOG.info("Streamlit stopped"));
    });
  }
}
