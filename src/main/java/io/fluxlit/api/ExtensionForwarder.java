package io.fluxlit.api;

import io.fluxlit.api.auth.Refusal;
import io.fluxlit.logging.RequestId;
import io.vertx.core.MultiMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Sends an API request to the extension serving its route and turns every outcome into a reply
 * envelope: no route 404, wrong method 405 with {@code Allow} (behind the sign-in gate only after the
 * caller check, so that route names do not leak), and the failures
 * {@link ReplyFailure} maps (504, 503, the extension's own 4xx/5xx, 500).
 */
final class ExtensionForwarder {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.api");

  private final Vertx vertx;
  private final RouteTable routes;
  private final InFlightExtensionRequests inFlight;
  private final long timeoutMs;
  private final RouteGuard guard;

  /**
   * @param vertx the API verticle's Vert.x
   * @param routes where the extension routes are looked up
   * @param inFlight tracks the requests sent, for cluster departures
   * @param timeoutMs how long an extension has to answer
   * @param guard who may call a route
   */
  ExtensionForwarder(Vertx vertx, RouteTable routes, InFlightExtensionRequests inFlight, long timeoutMs, RouteGuard guard) {
    this.vertx = vertx;
    this.routes = routes;
    this.inFlight = inFlight;
    this.timeoutMs = timeoutMs;
    this.guard = guard;
  }

  /**
   * @param method the request method
   * @param path the path under the API mount
   * @param request the request envelope
   * @param headers its message headers (the gateway's session user)
   * @return the reply envelope; never fails
   */
  Future<JsonObject> forward(String method, String path, JsonObject request, MultiMap headers) {
    RouteTable.Match match = routes.find(method, path);
    if (match == null) {
      // Behind the sign-in gate a caller without a session or token learns no route names: the
      // 404 or 405 comes after the same check a route would make (docs/auth.md#jwt-on-the-api).
      return guard.admit(RouteAccess.OPEN, request, headers)
        .map(caller -> withCaller(noRoute(path), caller))
        .recover(err -> err instanceof Refusal.Refused refused ? Future.succeededFuture(RouteGuard.reply(refused.refusal()))
          : Future.failedFuture(err));
    }
    String requestId = RequestId.current();
    RouteTable.Route route = match.route();
    DeliveryOptions options = new DeliveryOptions()
      .setSendTimeout(timeoutMs)
      .addHeader(ExtensionProtocol.ROUTE_HEADER, ExtensionProtocol.routeKey(route.method, route.template.template()));
    JsonObject params = new JsonObject();
    match.params().forEach(params::put);
    return guard.admit(route.access, request, headers).compose(caller -> {
      JsonObject message = request.copy().put(ApiEnvelope.PARAMS, params);
      message.remove(ApiEnvelope.AUTH);
      if (caller != null) {
        message.put(ApiEnvelope.AUTH, caller);
      }
      return inFlight.track(route.address, vertx.eventBus().request(route.address, message, options))
        .map(reply -> withCaller(reply.body(), caller))
        .otherwise(err -> withCaller(failure(err, requestId), caller));
    }, err -> err instanceof Refusal.Refused refused ? Future.succeededFuture(RouteGuard.reply(refused.refusal()))
      : Future.failedFuture(err));
  }

  /** No route at this path: 404, or 405 with {@code Allow} when another method has one. */
  private JsonObject noRoute(String path) {
    List<String> allowed = routes.methodsFor(path);
    return allowed.isEmpty()
      ? ApiEnvelope.jsonReply(404, new JsonObject().put("detail", "Not Found"))
      : ApiEnvelope.jsonReply(405, new JsonObject().put("detail", "Method Not Allowed"))
        .put(ApiEnvelope.HEADERS, new JsonObject().put("allow", String.join(", ", allowed)));
  }

  /** The caller's user ID rides back to the gateway for the access log; an extension cannot set either field. */
  private static JsonObject withCaller(JsonObject reply, JsonObject caller) {
    reply.remove(ApiEnvelope.AUTH_USER_ID);
    reply.remove(ApiEnvelope.AUTH_REFUSAL);
    String userId = caller == null ? null : caller.getJsonObject("user", new JsonObject()).getString("id");
    return userId == null ? reply : reply.put(ApiEnvelope.AUTH_USER_ID, userId);
  }

  private static JsonObject failure(Throwable err, String requestId) {
    ReplyFailure failure = ReplyFailure.of(err, "the extension");
    if (failure.status() >= 500) {
      LOG.warn("extension request failed: {} ({})", failure.detail(), err.toString());
    }
    return ApiEnvelope.jsonReply(failure.status(), new JsonObject().put("detail", failure.detail()).put("request_id", requestId));
  }
}
