package io.fluxlit.pool;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.fluxlit.logging.RepeatedLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Chooses the worker for one request to Streamlit. A browser whose affinity cookie names a worker
 * that still keeps it ({@link Worker#keeps(boolean)}) goes there; any other request (no cookie,
 * a stale or unknown one, a worker that is down, a page load on a draining worker) goes to the
 * least loaded worker that is up, and the response pins the browser there. A browser re-pinned
 * away from its worker starts a fresh Streamlit session on its next page load (docs/scaling.md).
 * A client that keeps no cookies is still served: each of its requests is simply chosen anew.
 */
public final class WorkerSelection {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.pool");

  private final WorkerPool pool;
  private final String rootPath;
  private final RepeatedLines repins;

  /**
   * @param pool the pool
   * @param rootPath the public sub-path (the cookie's path), or the empty string
   * @param repins which re-pin lines are logged at INFO: shared by the gateway instances, since
   *     every request of a page that was on a lost worker is re-pinned (docs/scaling.md)
   */
  public WorkerSelection(WorkerPool pool, String rootPath, RepeatedLines repins) {
    this.pool = pool;
    this.rootPath = rootPath;
    this.repins = repins;
  }

  /**
   * @param request a request dispatched to Streamlit (an HTTP request or a WebSocket upgrade)
   * @return the worker to send it to, or {@code null} when no worker is up
   */
  public Worker choose(HttpServerRequest request) {
    String pinnedId = AffinityCookie.read(request);
    Worker pinned = pinnedId == null ? null : pool.byId(pinnedId);
    if (pinned != null && pinned.keeps(isPageLoad(request))) {
      return pinned;
    }
    Worker chosen = pool.leastLoaded();
    if (chosen == null) {
      // None is up: try the pinned one or the first, whose real failure (502/504) the client
      // then gets, and which may be back before its state says so.
      List<Worker> all = pool.workers();
      return pinned != null ? pinned : all.isEmpty() ? null : all.get(0);
    }
    if (pool.affinity()) {
      AffinityCookie.pin(request, chosen, rootPath);
      if (pinnedId != null) {
        logRepin(pinned, chosen, request);
      }
    }
    return chosen;
  }

  /** One INFO line per pair of workers a minute; the page's other requests at DEBUG. */
  private void logRepin(Worker pinned, Worker chosen, HttpServerRequest request) {
    String from = pinned == null ? "an unknown worker" : pinned.name() + " (" + pinned.state().label() + ")";
    if (repins.first(from + " " + chosen.name(), System.currentTimeMillis())) {
      LOG.info("pool: browser re-pinned from {} to {} ({} {}); more re-pins between these two are logged at DEBUG"
        + " for a minute", from, chosen.name(), request.method(), request.path());
    } else {
      LOG.debug("pool: browser re-pinned from {} to {} ({} {})", from, chosen.name(), request.method(), request.path());
    }
  }

  /**
   * A page load starts a new Streamlit session, so it may go to a new worker. Browsers say so
   * with {@code Sec-Fetch-Mode: navigate}; without that header, a GET that accepts HTML counts.
   */
  static boolean isPageLoad(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET || request.canUpgradeToWebSocket()) {
      return false;
    }
    String mode = request.getHeader("sec-fetch-mode");
    if (mode != null) {
      return mode.equalsIgnoreCase("navigate");
    }
    String accept = request.getHeader("accept");
    return accept != null && accept.contains("text/html");
  }
}
