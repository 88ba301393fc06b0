package io.fluxlit.server;

import io.fluxlit.pool.RollingReload;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP replaces the managed workers one at a time ({@link RollingReload}); the {@code reload}
 * command sends it. Without managed workers there is nothing to replace and SIGHUP is only logged
 * (it no longer stops the JVM). {@code sun.misc.Signal} because the JDK has no other way to
 * handle a signal without ending the process.
 */
final class ReloadSignal {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit");

  private ReloadSignal() {
  }

  /**
   * @param vertx the server's Vert.x
   * @param reload the reload to run, or {@code null} when there are no managed workers
   */
  static void install(Vertx vertx, RollingReload reload) {
    Context context = vertx.getOrCreateContext();
    try {
      Signal.handle(new Signal("HUP"), signal -> {
        if (reload == null) {
          LOG.warn("SIGHUP received: there are no managed Streamlit workers to reload (FLUXLIT_STREAMLIT_APP is not set)");
        } else {
          context.runOnContext(v -> reload.start("SIGHUP"));
        }
      });
    } catch (IllegalArgumentException e) {
      LOG.debug("cannot handle SIGHUP: {}", e.getMessage());
    }
  }
}
