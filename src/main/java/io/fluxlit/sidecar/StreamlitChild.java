package io.fluxlit.sidecar;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One run of the Streamlit process: started on a worker thread with its output piped into the
 * {@code streamlit} logger, waited on until {@code /_stcore/health} answers, and stopped with
 * SIGTERM, then SIGKILL after 5 s. Nothing here blocks an event loop: the exit is the process's
 * {@code onExit()} future, delivered on the sidecar's context.
 */
final class StreamlitChild {

  /** How long a child gets between SIGTERM and SIGKILL. */
  static final long STOP_GRACE_MS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.sidecar");
  private static final long HEALTH_POLL_MS = 200;

  private final Vertx vertx;
  private final Process process;
  private final Future<Integer> exit;
  private long healthySinceNanos = -1;
  private boolean killedUnhealthy;

  private StreamlitChild(Vertx vertx, Context context, Process process) {
    this.vertx = vertx;
    this.process = process;
    this.exit = Future.fromCompletionStage(process.onExit(), context).map(Process::exitValue);
  }

  /**
   * @param vertx the Vert.x instance
   * @param context the sidecar's context: exit and health results are delivered there
   * @param command the command line
   * @param env variables added to the inherited environment
   * @param outputLogger the logger its output lines go to (named after the worker)
   * @return the running child
   */
  static Future<StreamlitChild> start(Vertx vertx, Context context, List<String> command, Map<String, String> env,
                                      String outputLogger) {
    return vertx.executeBlocking(() -> {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      OutputPump.start(process.getInputStream(), LoggerFactory.getLogger(outputLogger));
      return new StreamlitChild(vertx, context, process);
    });
  }

  /**
   * Polls {@code path} on the child every 200 ms until it answers 200.
   *
   * @param port the child's loopback port
   * @param path the health path, e.g. {@code /_stcore/health}
   * @param timeoutMs how long at most
   * @param abandoned true once the wait should end (a stop began)
   * @return succeeded once healthy; failed when the child exits first, the time is up, or the
   *     wait was abandoned
   */
  Future<Void> awaitHealthy(int port, String path, long timeoutMs, BooleanSupplier abandoned) {
    HttpClient client = vertx.createHttpClient();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    Promise<Void> promise = Promise.promise();
    poll(client, port, path, deadline, abandoned, promise);
    return promise.future()
      .andThen(ar -> {
        if (ar.succeeded()) {
          healthySinceNanos = System.nanoTime();
        }
      })
      .eventually(client::close);
  }

  private void poll(HttpClient client, int port, String path, long deadline, BooleanSupplier abandoned,
                    Promise<Void> promise) {
    if (abandoned.getAsBoolean()) {
      promise.fail("stopping: Streamlit was still starting");
      return;
    }
    if (!process.isAlive()) {
      promise.fail("Streamlit exited with code " + process.exitValue()
        + " before it was ready (see the streamlit log lines above)");
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
          vertx.setTimer(HEALTH_POLL_MS, id -> poll(client, port, path, deadline, abandoned, promise));
        }
      });
  }

  /** @return the exit status, once the process has exited (on the sidecar's context) */
  Future<Integer> exit() {
    return exit;
  }

  /** @return how long the child had been healthy, in milliseconds; 0 when it never was */
  long healthyForMs() {
    return healthySinceNanos < 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healthySinceNanos);
  }

  /** @return whether it was killed by {@link #killUnhealthy()} */
  boolean killedUnhealthy() {
    return killedUnhealthy;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** @return its process ID, which the pool's state detail names (readiness, the log) */
  long pid() {
    return process.pid();
  }

  /** SIGKILL for a child that never became healthy: it is of no use and may hold the port. */
  void killUnhealthy() {
    if (process.isAlive()) {
      killedUnhealthy = true;
      process.destroyForcibly();
    }
  }

  /**
   * SIGTERM, then SIGKILL when the child is still running 5 s later.
   *
   * @return completed once the child has exited
   */
  Future<Void> stop() {
    if (!process.isAlive()) {
      return exit.mapEmpty();
    }
    process.destroy();
    long timer = vertx.setTimer(STOP_GRACE_MS, id -> {
      LOG.warn("Streamlit did not stop within {} ms of SIGTERM; sending SIGKILL", STOP_GRACE_MS);
      process.destroyForcibly();
    });
    return exit.andThen(ar -> vertx.cancelTimer(timer)).mapEmpty();
  }
}
