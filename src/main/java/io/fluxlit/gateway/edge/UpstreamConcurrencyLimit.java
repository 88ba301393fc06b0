package io.fluxlit.gateway.edge;

import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.exchange.UpstreamFailure;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObservers;
import io.fluxlit.config.EdgeSettings;
import io.fluxlit.config.Setting;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP}: at most that many HTTP exchanges with
 * Streamlit at once in this process, each held from the dispatch to the last byte of its response
 * (or its connection's close). Beyond it a request waits in arrival order, paused, for at most
 * {@code FLUXLIT_GATEWAY_UPSTREAM_QUEUE_TIMEOUT_S}, then gets {@code 503} with {@code Retry-After}
 * (docs/security.md). The API, the probes and WebSockets never pass through here.
 *
 * <p>Hand-written because Vert.x has no asynchronous semaphore (its shared-data locks admit one
 * holder) and a waiter must never block an event loop. One instance per process, handed to every
 * gateway instance ({@code gateway.SharedState}); a permit is handed to the next waiter on that waiter's own context.
 */
public final class UpstreamConcurrencyLimit {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");
  /** One WARNING per this many milliseconds at most while shedding, with the count since the last. */
  private static final long WARN_EVERY_MS = 10_000;

  private final Vertx vertx;
  private final int max;
  private final long queueTimeoutMs;
  private final String retryAfterSeconds;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final AtomicLong shedSinceWarning = new AtomicLong();
  private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(WARN_EVERY_MS));
  private int inUse;

  private UpstreamConcurrencyLimit(Vertx vertx, int max, long queueTimeoutMs) {
    this.vertx = vertx;
    this.max = max;
    this.queueTimeoutMs = queueTimeoutMs;
    // The queue was full for the whole timeout: come back after about as long, at least 1 s.
    this.retryAfterSeconds = Long.toString(Math.max(1, (queueTimeoutMs + 999) / 1000));
  }

  /**
   * @param vertx the process's Vert.x
   * @param edge the settings
   * @return the process-wide limit, to hand to every gateway instance; {@code null} when it is off (0)
   */
  public static UpstreamConcurrencyLimit of(Vertx vertx, EdgeSettings edge) {
    if (edge.maxConcurrentUpstreamHttp() == 0) {
      return null;
    }
    return new UpstreamConcurrencyLimit(vertx, edge.maxConcurrentUpstreamHttp(), edge.upstreamQueueTimeoutMs());
  }

  /**
   * Runs {@code exchange} once a place is free, and frees it when {@code finished} completes; or
   * answers 503 when none came free in time.
   *
   * @param request the request, paused while it waits
   * @param exchange the request's exchange (its ID goes in the 503; a shed one is an upstream failure)
   * @param observers told about a shed request
   * @param finished completes when the response has ended or its connection closed
   * @param proxied starts the proxied exchange
   */
  public void run(HttpServerRequest request, Exchange exchange, ExchangeObservers observers, Future<Void> finished,
                  Runnable proxied) {
    request.pause();
    acquire().onComplete(ar -> {
      if (ar.failed()) {
        observers.upstreamFailed(exchange, UpstreamFailure.OVERLOAD);
        shed(request, exchange.requestId());
        return;
      }
      Runnable release = ar.result();
      finished.onComplete(done -> release.run());
      if (!finished.isComplete()) {
        proxied.run();
      }
    });
  }

  /** @return a release action, idempotent; failed after the queue timeout */
  private Future<Runnable> acquire() {
    Waiter waiter;
    synchronized (this) {
      if (inUse < max) {
        inUse++;
        return Future.succeededFuture(permit());
      }
      if (queueTimeoutMs == 0) {
        return Future.failedFuture("full");
      }
      waiter = new Waiter(vertx.getOrCreateContext(), Promise.promise());
      waiters.add(waiter);
    }
    waiter.timerId = vertx.setTimer(queueTimeoutMs, id -> {
      boolean stillWaiting;
      synchronized (this) {
        stillWaiting = waiters.remove(waiter);
      }
      if (stillWaiting) {
        waiter.promise.fail("queue timeout");
      }
    });
    return waiter.promise.future();
  }

  private Runnable permit() {
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        release();
      }
    };
  }

  /** The place goes straight to the oldest waiter, if any, so a newcomer cannot overtake it. */
  private void release() {
    Waiter next;
    synchronized (this) {
      next = waiters.poll();
      if (next == null) {
        inUse--;
        return;
      }
    }
    next.context.runOnContext(v -> {
      vertx.cancelTimer(next.timerId);
      next.promise.complete(permit());
    });
  }

  private void shed(HttpServerRequest request, String requestId) {
    long shed = shedSinceWarning.incrementAndGet();
    long last = lastWarningNanos.get();
    long now = System.nanoTime();
    if (now - last >= TimeUnit.MILLISECONDS.toNanos(WARN_EVERY_MS) && lastWarningNanos.compareAndSet(last, now)) {
      shedSinceWarning.addAndGet(-shed);
      LOG.warn("gateway shed {} request(s) with 503: {}={} exchanges with Streamlit were under way for {} s"
          + " (request_id={} is one of them; the next warning comes in {} s at the earliest)", shed,
        Setting.FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP.envName(), max, queueTimeoutMs / 1000.0, requestId, WARN_EVERY_MS / 1000);
    }
    if (request.response().ended() || request.response().closed()) {
      return;
    }
    request.response()
      .setStatusCode(UpstreamFailure.OVERLOAD.status())
      .putHeader("retry-after", retryAfterSeconds)
      .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
      // The body was never read: the connection cannot carry another request.
      .putHeader("connection", "close")
      .end(GatewayResponses.body(GatewayResponses.upstreamMessage(UpstreamFailure.OVERLOAD), requestId))
      .onComplete(v -> request.connection().close());
  }

  private static final class Waiter {
    final Context context;
    final Promise<Runnable> promise;
    volatile long timerId = -1;

    Waiter(Context context, Promise<Runnable> promise) {
      this.context = context;
      this.promise = promise;
    }
  }
}
