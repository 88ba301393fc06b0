package io.fluxlit.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;

import java.util.concurrent.TimeoutException;

/**
 * Bounds the wait for an upstream connection (a pooled one or a new one) with a timer of its own.
 * Vert.x 5.1's own bound, {@code RequestOptions.setConnectTimeout}, starts a timer that is not
 * cancelled when the connection is granted, so each request kept its connection reachable for
 * the whole timeout: with connections churning (clients going away mid-download, upstream
 * resets) every dead connection stayed on the heap for 30 s (docs/reliability.md, finding 2).
 */
final class UpstreamConnectionWait {

  private UpstreamConnectionWait() {
  }

  /**
   * @param vertx the gateway verticle's Vert.x (its timer runs on the caller's context)
   * @param request the pending request, completed once a connection is granted
   * @param timeoutMs how long to wait for it; the request fails with a {@link TimeoutException}
   * @return the request, or the timeout; a connection granted after the timeout is let go
   */
  static Future<HttpClientRequest> bounded(Vertx vertx, Future<HttpClientRequest> request, long timeoutMs) {
    if (request.isComplete()) {
      return request; // a pooled connection was free: no timer to set and cancel per request
    }
    Promise<HttpClientRequest> bounded = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> bounded.tryFail(new TimeoutException(
      "no upstream connection within " + timeoutMs + " ms")));
    request.onComplete(granted -> {
      vertx.cancelTimer(timer);
      boolean first = granted.succeeded() ? bounded.tryComplete(granted.result()) : bounded.tryFail(granted.cause());
      if (!first && granted.succeeded()) {
        // Nobody waits for this request any more: its reset failure is expected, not an ERROR.
        HttpClientRequest late = granted.result();
        late.exceptionHandler(err -> { });
        late.reset();
      }
    });
    return bounded.future();
  }
}
