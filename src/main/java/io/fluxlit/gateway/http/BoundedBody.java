package io.fluxlit.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into memory up to a limit, failing with {@link TooLarge} as soon as the
 * limit is passed (and before anything is read when {@code Content-Length} already says so).
 * Vert.x's own {@code body()} has no limit, and vertx-web's BodyHandler cannot sit in front of the
 * proxy, hence this small reader.
 */
public final class BoundedBody {

  /** The body is larger than allowed. */
  public static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("request body too large", null, false, false);
    }
  }

  private BoundedBody() {
  }

  /**
   * @param request a request whose body has not been read yet
   * @param limit the largest accepted size in bytes; 0 means no limit
   * @return the whole body, or a {@link TooLarge} failure
   */
  public static Future<Buffer> read(HttpServerRequest request, long limit) {
    if (limit > 0 && declaredLength(request) > limit) {
      return Future.failedFuture(new TooLarge());
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (limit > 0 && body.length() + (long) chunk.length() > limit) {
        promise.tryFail(new TooLarge());
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(promise::tryFail);
    request.endHandler(v -> promise.tryComplete(body));
    request.resume();
    return promise.future();
  }

  /**
   * @param request a request
   * @return its {@code Content-Length}, or -1 when absent or unreadable
   */
  public static long declaredLength(HttpServerRequest request) {
    String value = request.getHeader("content-length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
