package io.fluxlit.api;

import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The handlers of one extension's route set, answering the requests sent to its address: the
 * handler named by {@link ExtensionProtocol#ROUTE_HEADER} runs, and its result becomes the reply
 * envelope; {@link ApiException} fails the message with its status, anything else with 500
 * without details (the stack trace goes to this JVM's log). Every message gets an answer.
 */
final class RouteHandlers {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.api.extension");

  private final Map<String, ApiRoutes.Handler> byRoute;

  /** @param byRoute handlers by {@link ExtensionProtocol#routeKey route key} */
  RouteHandlers(Map<String, ApiRoutes.Handler> byRoute) {
    this.byRoute = Map.copyOf(byRoute);
  }

  /** Runs on the message's own context, where the bus's inbound interceptor bound the request ID. */
  void answer(Message<JsonObject> message) {
    String route = message.headers().get(ExtensionProtocol.ROUTE_HEADER);
    ApiRoutes.Handler handler = route == null ? null : byRoute.get(route);
    if (handler == null) {
      message.fail(404, "Not Found");
      return;
    }
    Future<Object> result;
    try {
      Object value = handler.handle(new ApiRequest(message.body(), RequestId.current()));
      result = value instanceof Future<?> future ? future.map(v -> (Object) v) : Future.succeededFuture(value);
    } catch (Exception e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(value -> message.reply(ApiReply.of(value).toJson()))
      .onFailure(err -> {
        if (err instanceof ApiException api) {
          message.fail(api.status(), api.getMessage());
        } else {
          LOG.error("API handler {} failed", route, err);
          message.fail(500, "Internal Server Error");
        }
      });
  }
}
