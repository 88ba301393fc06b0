package io.fluxlit.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The public accessor for the current request ID.
 *
 * <p>The ID lives in the Vert.x local context of the request (its duplicated context), never in
 * a thread-local, so two requests on one event loop cannot see each other's ID. Event-bus
 * consumers re-bind it from the {@link #HEADER} message header.
 */
public final class RequestId {

  /** The HTTP header and event-bus message header that carry the ID. */
  public static final String HEADER = "X-Request-ID";

  private RequestId() {
  }

  /** @return the ID bound to the current Vert.x context, or {@code null} outside a request */
  public static String current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(RequestIdStorage.KEY);
  }

  /**
   * Binds an ID to a context. Call it on a duplicated context (a request's or a message's):
   * binding on a verticle's root context would share the ID with every later request.
   *
   * @param context the request's context
   * @param id the resolved ID
   */
  public static void bind(Context context, String id) {
    if (id == null) {
      context.removeLocal(RequestIdStorage.KEY);
    } else {
      context.putLocal(RequestIdStorage.KEY, id);
    }
  }

  /**
   * Binds an ID to the current context, if there is one.
   *
   * @param id the resolved ID
   */
  public static void bindCurrent(String id) {
    Context context = Vertx.currentContext();
    if (context != null) {
      bind(context, id);
    }
  }
}
