package io.fluxlit.api;

import io.fluxlit.api.auth.BffAnswer;
import io.fluxlit.api.auth.BffEndpoints;
import io.fluxlit.api.auth.Refusal;
import io.fluxlit.bus.Addresses;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each message on {@link Addresses#API_REQUEST}: a built-in route, else
 * the extension serving the path. Every message gets a reply: a route that fails outright
 * answers 500 at once, with the request ID.
 */
final class ApiDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.api");

  private final BuiltInRoutes builtIn;
  private final ExtensionForwarder extensions;
  private final boolean requestLogging;
  private final RouteGuard guard;
  private final BffEndpoints bff;

  /**
   * @param builtIn the routes the API verticle answers itself
   * @param extensions the forwarder to extension routes
   * @param requestLogging whether to log one line per request
   * @param guard who may call a route (with the sign-in gate on, the built-in routes but the probes
   *     need a caller too)
   * @param bff the OIDC BFF endpoints, or {@code null} when they are off
   */
  ApiDispatcher(BuiltInRoutes builtIn, ExtensionForwarder extensions, boolean requestLogging, RouteGuard guard,
                BffEndpoints bff) {
    this.bff = bff;
    this.builtIn = builtIn;
    this.extensions = extensions;
    this.requestLogging = requestLogging;
    this.guard = guard;
  }

  private static Buffer body(JsonObject request) {
    Buffer body = request.getBuffer(ApiEnvelope.BODY);
    return body == null ? Buffer.buffer() : body;
  }

  /** A BFF answer as a reply envelope; never cached (codes and redirects are for one browser once). */
  private static JsonObject envelope(BffAnswer answer) {
    JsonObject headers = new JsonObject().put("cache-control", "no-store");
    if (answer.location() != null) {
      headers.put("location", answer.location());
    }
    JsonObject reply = new JsonObject().put(ApiEnvelope.STATUS, answer.status()).put(ApiEnvelope.HEADERS, headers);
    if (answer.body() != null) {
      reply.put(ApiEnvelope.BODY, answer.body());
    }
    return answer.refusal() == null ? reply : reply.put(ApiEnvelope.AUTH_REFUSAL, answer.refusal());
  }

  /** Runs on the message's own context, where the bus's inbound interceptor bound the caller's request ID. */
  void answer(Message<JsonObject> message) {
    JsonObject request = message.body();
    String method = request.getString(ApiEnvelope.METHOD);
    String path = request.getString(ApiEnvelope.PATH);
    Future<JsonObject> routed;
    try {
      Future<BffAnswer> signIn = bff == null ? null
        : bff.answer(method, path, request.getString(ApiEnvelope.QUERY), body(request));
      if (signIn != null) {
        // The sign-in endpoints are how a caller gets in: open, also behind the gate.
        routed = signIn.map(ApiDispatcher::envelope);
      } else if (guard.gated(message.headers()) && builtIn.serves(path) && !BuiltInRoutes.isProbe(path)) {
        // Behind the gate the API documents itself to signed-in callers only (docs/auth.md).
        routed = guard.admit(RouteAccess.OPEN, request, message.headers())
          .compose(caller -> builtIn.answer(method, path), err -> err instanceof Refusal.Refused refused
            ? Future.succeededFuture(RouteGuard.reply(refused.refusal())) : Future.failedFuture(err));
      } else {
        Future<JsonObject> local = builtIn.answer(method, path);
        routed = local != null ? local : extensions.forward(method, path, request, message.headers());
      }
    } catch (RuntimeException e) {
      routed = Future.failedFuture(e);
    }
    routed.otherwise(err -> {
      LOG.error("API route {} {} failed", method, path, err);
      return ApiEnvelope.jsonReply(500, new JsonObject().put("detail", "Internal Server Error")
        .put("request_id", RequestId.current()));
    }).onSuccess(reply -> {
      if (requestLogging) {
        // One line per request, on the request's context: it carries request_id.
        LOG.info("{} {} -> {}", method, path, reply.getInteger(ApiEnvelope.STATUS));
      }
      message.reply(reply);
    });
  }
}
