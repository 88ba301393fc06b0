package io.fluxlit.server;

import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The orderly stop of the command-line server on SIGTERM or SIGINT (docs/configuration.md).
 *
 * <ol>
 *   <li>The sidecar stops supervising: a Streamlit that exits from now on is not restarted (a
 *       Ctrl+C in a terminal reaches it too).</li>
 *   <li>The gateway instances are undeployed, before anything else. Each closes its WebSockets
 *       with 1001, stops accepting connections and lets in-flight requests finish for up to
 *       {@code FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S}, while the API and Streamlit are still there
 *       to answer them.</li>
 *   <li>Vert.x is closed, which undeploys the rest; the sidecar sends Streamlit SIGTERM, then
 *       SIGKILL after 5 s.</li>
 *   <li>The JVM exits with status 0 (1 when the stop failed or took longer than the drain plus
 *       15 s; what is left of the child processes is then killed).</li>
 * </ol>
 *
 * <p>A second signal during the stop exits at once with status 128 + the signal number, after
 * SIGKILLing the child processes so that no Streamlit is left behind.
 *
 * <p>A signal during start-up (docs/configuration.md, Shutdown) is handled the same way, from the
 * moment the settings are parsed: before Vert.x exists the stop waits for it; while the
 * verticles deploy, a Streamlit still starting is told to give up (and killed), and Vert.x is
 * closed only once the deployment has settled, because closing it under a deployment in flight
 * completes that deployment twice (Vert.x then logs {@code Promise already completed} at ERROR).
 *
 * <p>Why {@code sun.misc.Signal}: a JVM shutdown hook cannot choose the exit status (a SIGTERM
 * would end in 143). A shutdown hook still runs the same sequence for the other ways the JVM
 * ends, e.g. a handler that could not be installed. SIGHUP is no stop: it starts a rolling
 * reload ({@link ReloadSignal}).
 */
final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit");

  /** Beyond the drain: the sidecar's SIGTERM grace and SIGKILL, and closing Vert.x itself. */
  private static final long MARGIN_MS = 15_000;

  private final long drainMs;
  private final StopPlan plan;
  private final AtomicBoolean stopping = new AtomicBoolean();
  /** Completed by {@link #attach}; failed when Vert.x could not be built. */
  private final CompletableFuture<Vertx> attached = new CompletableFuture<>();
  private volatile Vertx vertx;
  private volatile Future<?> startup = Future.succeededFuture();
  private CompletableFuture<Void> closing;

  GracefulShutdown(long drainMs, StopPlan plan) {
    this.drainMs = drainMs;
    this.plan = plan;
  }

  /**
   * Takes over SIGTERM and SIGINT and registers the fallback shutdown hook; call before building
   * Vert.x, then {@link #attach} it.
   *
   * @param settings the resolved settings (for the drain time)
   * @param plan what start-up deploys that the stop must reach first
   * @return the installed shutdown
   */
  static GracefulShutdown install(Settings settings, StopPlan plan) {
    GracefulShutdown shutdown = new GracefulShutdown(settings.gateway().gracefulShutdownTimeoutMs(), plan);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (shutdown.claim()) {
        shutdown.closeAndWait(false);
      }
    }, "fluxlit-shutdown-hook"));
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), shutdown::onSignal);
      } catch (IllegalArgumentException e) {
        // E.g. -Xrs: the shutdown hook still stops everything; the exit status is the JVM's then.
        LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
    return shutdown;
  }

  /**
   * @param vertx the server's Vert.x, once built
   * @param deployment what is being deployed on it: a stop waits for it to settle
   */
  void attach(Vertx vertx, Future<?> deployment) {
    this.vertx = vertx;
    this.startup = deployment;
    attached.complete(vertx);
  }

  /** Vert.x could not be built: a stop that is waiting for it has nothing to stop. */
  void noVertx(Throwable cause) {
    attached.completeExceptionally(cause);
  }

  /**
   * Claims the end of the process, once: a signal, the shutdown hook and a failed start-up each
   * call it, and only the one that gets {@code true} runs its way of stopping; a start-up failure
   * after a signal is no news, and a signal after a failed start-up exits at once.
   *
   * @return whether this caller is the first
   */
  boolean claim() {
    // One atomic step: a check and then a set would let a signal in between, and both stop
    // paths would run (two exits racing, Vert.x closed twice).
    return stopping.compareAndSet(false, true);
  }

  /**
   * After a failed start-up, once {@link #claim} said so: closes Vert.x and exits with
   * {@code status}, without the stop sequence (the shutdown hook then has nothing left to do).
   *
   * @param status the exit status
   */
  void exitAfterFailedStart(int status) {
    vertx.close().onComplete(ar -> System.exit(status));
  }

  /**
   * @param wait whether to wait for Vert.x still being built (a signal), or not (the JVM is
   *     exiting anyway)
   * @return the attached Vert.x, or {@code null} when none came (within the margin)
   */
  private Vertx awaitVertx(boolean wait) {
    if (!wait) {
      return attached.isDone() && !attached.isCompletedExceptionally() ? attached.join() : null;
    }
    try {
      return attached.get(MARGIN_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Runs on the JVM's signal-dispatch thread, one per signal. */
  private void onSignal(Signal signal) {
    if (!claim()) {
      LOG.warn("second SIG{}: exiting now without waiting", signal.getName());
      killChildren();
      Runtime.getRuntime().halt(128 + signal.getNumber());
      return;
    }
    LOG.info("SIG{} received: stopping; in-flight requests get up to {} s ({})", signal.getName(),
      drainMs / 1000.0, Setting.FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S.envName());
    // Not on the signal thread: it is a daemon, and once Vert.x's threads are gone the JVM would
    // end before the last steps (leftover children, the final line, the status) ran.
    Thread stopper = new Thread(() -> System.exit(closeAndWait(true) ? 0 : 1), "fluxlit-stop");
    stopper.setDaemon(false);
    stopper.start();
  }

  /**
   * @param waitForVertx whether a Vert.x still being built is waited for
   * @return whether everything stopped in time
   */
  private boolean closeAndWait(boolean waitForVertx) {
    if (awaitVertx(waitForVertx) == null) {
      // Stopped before Vert.x was up (or it never came up): nothing runs, no child exists yet.
      killChildren();
      if (waitForVertx) {
        LOG.info("FluxLit stopped");
      }
      return true;
    }
    try {
      close().get(drainMs + MARGIN_MS, TimeUnit.MILLISECONDS);
      killLeftovers();
      LOG.info("FluxLit stopped");
      return true;
    } catch (TimeoutException e) {
      LOG.error("FluxLit did not stop within {} s; killing its child processes and exiting",
        (drainMs + MARGIN_MS) / 1000.0);
    } catch (ExecutionException e) {
      LOG.error("stopping FluxLit failed: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    killChildren();
    return false;
  }

  private synchronized CompletableFuture<Void> close() {
    if (closing == null) {
      long start = System.nanoTime();
      plan.supervision().end();
      awaitStartup();
      // Started from this (non-Vert.x) thread: a future bound to an event loop would never
      // complete once Vert.x is closed.
      closing = stopDeployed(start).toCompletionStage().toCompletableFuture();
    }
    return closing;
  }

  /**
   * Waits, on the stopping thread, until start-up has succeeded or failed: a Streamlit still
   * starting gives up within one health poll, and the rest deploys in milliseconds.
   */
  private void awaitStartup() {
    try {
      startup.toCompletionStage().toCompletableFuture().get(drainMs + MARGIN_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException stoppedOrFailed) {
      // Settled: a failure here is the stop itself (or was reported by the start-up).
    } catch (TimeoutException e) {
      LOG.warn("start-up did not settle within {} s; stopping anyway", (drainMs + MARGIN_MS) / 1000.0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Future<Void> stopDeployed(long start) {
    // Vert.x undeploys sibling verticles in parallel, which would stop Streamlit and the API while
    // the gateway still drains requests for them: so the gateway goes first, by the deployment ID
    // MainVerticle recorded. A worker or extension-only JVM has no gateway to drain.
    // A start-up that failed or was stopped has undeployed its gateway already.
    List<String> gateways = plan.gateways().stream().filter(vertx.deploymentIDs()::contains).toList();
    return Future.join(gateways.stream().map(vertx::undeploy).toList()).mapEmpty()
      .transform(ar -> {
        if (ar.failed()) {
          LOG.warn("stopping the gateway failed ({}); closing everything", ar.cause().toString());
        } else if (!gateways.isEmpty()) {
          LOG.info("gateway stopped: no longer accepting, in-flight requests done or cut after {} s",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / 1000.0);
        }
        return vertx.close();
      });
  }

  /** A child the sidecar did not get to stop (e.g. one still starting) must not outlive us. */
  private static void killLeftovers() {
    ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p -> {
      LOG.warn("killing leftover child process {} ({})", p.pid(), p.info().command().orElse("?"));
      p.destroyForcibly();
    });
  }

  private static void killChildren() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
