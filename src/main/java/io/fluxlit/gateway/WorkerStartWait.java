package io.fluxlit.gateway;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.pool.WorkerPool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first page after start-up (docs/architecture.md, Start-up order): the gateway answers as soon as
 * it listens, about a second before the managed Streamlit does. While no worker is up and a
 * managed one is starting ({@link WorkerPool#starting()}), a Streamlit-bound request (page, asset
 * or WebSocket) is held, paused, until a worker is up, for at most {@link #HOLD_MS}; then it goes
 * on as usual. If none came up in time it gets {@code 503} with {@code Retry-After}, and a
 * browser's page load an HTML page that reloads itself: never a 502 that stays.
 * Health and readiness are not held: they keep saying what they say.
 */
final class WorkerStartWait {

  /** Longer than a Streamlit start takes on a loaded machine, shorter than a browser's patience. */
  static final long HOLD_MS = 10_000;
  /** How soon a client that got the 503 may come back (the page reloads after as long). */
  static final int RETRY_AFTER_S = 2;

  private final Vertx vertx;
  private final WorkerPool pool;
  private final long holdMs;

  WorkerStartWait(Vertx vertx, WorkerPool pool, long holdMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.holdMs = holdMs;
  }

  /** @return whether Streamlit-bound requests must wait now */
  boolean applies() {
    return pool.starting();
  }

  /**
   * Holds the request until a worker is up, then runs {@code dispatch} on the request's context;
   * or answers 503 after {@link #HOLD_MS}. A client that leaves meanwhile is simply forgotten.
   *
   * @param request the request, paused while it waits
   * @param exchange its exchange
   * @param dispatch what to do once a worker is up
   */
  void hold(HttpServerRequest request, Exchange exchange, Runnable dispatch) {
    request.pause();
    Context context = vertx.getOrCreateContext();
    AtomicBoolean settled = new AtomicBoolean();
    long[] timer = {-1};
    Runnable cancel = pool.whenUp(() -> context.runOnContext(v -> {
      if (settled.compareAndSet(false, true)) {
        vertx.cancelTimer(timer[0]);
        dispatch.run();
      }
    }));
    timer[0] = vertx.setTimer(holdMs, id -> {
      if (settled.compareAndSet(false, true)) {
        cancel.run();
        retryLater(request, exchange.requestId());
      }
    });
    Future<Void> finished = exchange.get(Reception.FINISHED);
    if (finished != null) {
      finished.onComplete(gone -> {
        if (settled.compareAndSet(false, true)) {
          vertx.cancelTimer(timer[0]);
          cancel.run();
        }
      });
    }
  }

  private void retryLater(HttpServerRequest request, String requestId) {
    if (request.response().ended() || request.response().closed()) {
      return;
    }
    String message = "Service Unavailable: Streamlit is still starting; retry in " + RETRY_AFTER_S + " s";
    boolean page = request.method() == HttpMethod.GET && !request.canUpgradeToWebSocket()
      && String.valueOf(request.getHeader("accept")).contains("text/html");
    request.response().setStatusCode(503)
      .putHeader("retry-after", Integer.toString(RETRY_AFTER_S))
      .putHeader("cache-control", "no-store")
      // A body may be unread behind the pause: the connection cannot carry another request.
      .putHeader("connection", "close");
    Future<Void> sent = page
      ? request.response().putHeader("content-type", "text/html; charset=utf-8").end(reloadingPage(message, requestId))
      : request.response().putHeader("content-type", GatewayResponses.TEXT_PLAIN)
        .end(GatewayResponses.body(message, requestId));
    sent.onComplete(v -> request.connection().close());
  }

  /** A page that reloads itself after {@link #RETRY_AFTER_S}: no script, so any CSP lets it. */
  private static String reloadingPage(String message, String requestId) {
    return "<!doctype html>\n<html><head><meta charset=\"utf-8\">"
      + "<meta http-equiv=\"refresh\" content=\"" + RETRY_AFTER_S + "\"><title>Starting…</title></head>\n"
      + "<body><p>" + message + ". This page reloads by itself.</p>\n<p>X-Request-ID: "
      + requestId.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p></body></html>\n";
  }
}
