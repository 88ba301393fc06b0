package io.fluxlit.pool;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replaces the managed workers one at a time (SIGHUP, or the {@code reload} command): for each,
 * a fresh process starts in the same slot and takes the new sessions as soon as it is up; the old
 * one drains, keeping its open sessions until they close or {@code FLUXLIT_STREAMLIT_DRAIN_TIMEOUT_S}
 * passes, and is then stopped. The next worker is replaced once the previous one has drained, so
 * the pool never has fewer workers up than before. A reload asked for while one runs joins it.
 * When a fresh process cannot be started, the old one stays up and the reload stops there.
 *
 * <p>Runs on the context it was created on; everything it touches in the pool is thread-safe.
 */
public final class RollingReload {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.pool");
  private static final long DRAIN_CHECK_MS = 250;

  private final Vertx vertx;
  private final WorkerPool pool;
  private final WorkerLauncher launcher;
  private final long drainTimeoutMs;
  private Future<Void> running;

  /**
   * @param vertx the Vert.x instance
   * @param pool the pool
   * @param launcher starts and stops managed workers
   * @param drainTimeoutMs how long a replaced worker keeps its open sessions
   */
  public RollingReload(Vertx vertx, WorkerPool pool, WorkerLauncher launcher, long drainTimeoutMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.launcher = launcher;
    this.drainTimeoutMs = drainTimeoutMs;
  }

  /**
   * Starts a reload, or joins the one running. Call on the context it was created on.
   *
   * @param reason what asked for it, for the log line (e.g. {@code SIGHUP})
   * @return completed when every worker has been replaced
   */
  public synchronized Future<Void> start(String reason) {
    if (running != null && !running.isComplete()) {
      LOG.info("reload: {} received while a reload runs; it goes on", reason);
      return running;
    }
    List<Worker> old = launcher.running();
    long started = System.nanoTime();
    LOG.info("reload: {} received: replacing {} workers one at a time (drain timeout {} s)", reason, old.size(),
      drainTimeoutMs / 1000.0);
    Future<Void> chain = Future.succeededFuture();
    for (Worker worker : old) {
      chain = chain.compose(v -> replace(worker));
    }
    running = chain
      .onSuccess(v -> LOG.info("reload: done, {} workers replaced in {} s ({})", old.size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) / 1000.0, pool.summary()))
      .onFailure(err -> LOG.error("reload: stopped: {}; the workers not yet replaced keep running ({})",
        err.getMessage(), pool.summary()));
    return running;
  }

  private Future<Void> replace(Worker old) {
    return launcher.launch(old.slot(), old.generation() + 1)
      .recover(err -> Future.failedFuture("the worker replacing " + old.name() + " did not start: " + err.getMessage()))
      .compose(fresh -> {
        pool.state(old, WorkerState.DRAINING, "replaced by " + fresh.name() + ", " + old.sessions()
          + " open sessions keep it for up to " + drainTimeoutMs / 1000.0 + " s");
        return drained(old);
      })
      .compose(v -> launcher.stop(old, old.sessions() == 0 ? "drained" : "drain timeout passed with "
        + old.sessions() + " sessions still open"));
  }

  /** Completes when the worker has no open session left, or the drain timeout has passed. */
  private Future<Void> drained(Worker worker) {
    Promise<Void> promise = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs);
    check(worker, deadline, promise);
    return promise.future();
  }

  private void check(Worker worker, long deadline, Promise<Void> promise) {
    if (worker.sessions() <= 0 || System.nanoTime() >= deadline) {
      promise.complete();
      return;
    }
    vertx.setTimer(DRAIN_CHECK_MS, id -> check(worker, deadline, promise));
  }
}
