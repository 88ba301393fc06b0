package io.fluxlit.api;

import io.fluxlit.Addresses;
import io.fluxlit.config.Settings;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * Answers every request under the API mount, reached only over the event bus
 * ({@link Addresses#API_REQUEST}). Start-up: register the consumer; that's all.
 *
 * <p>Built-in routes: {@code GET /healthz} (liveness, always 200 while the process serves),
 * {@code GET /readyz} (asks the health verticle), {@code GET /openapi.json}. Anything else is a
 * JSON 404.
 */
public final class ApiVerticle extends VerticleBase {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("fluxlit.api");

  private JsonObject openApi;
  private boolean requestLogging;

  @Override
  public Future<?> start() {
    Settings settings = Settings.fromJson(config());
    openApi = OpenApiDocument.empty(settings.rootPath() + settings.apiMount());
    requestLogging = settings.requestLogging();
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.API_REQUEST, this::handle).completion();
  }

  private void handle(Message<JsonObject> message) {
    // Each message runs on its own duplicated context: re-bind the caller's request ID there.
    RequestId.bindCurrent(message.headers().get(RequestId.HEADER));
    JsonObject request = message.body();
    String method = request.getString(ApiEnvelope.METHOD);
    String path = request.getString(ApiEnvelope.PATH);
    route(method, path).onSuccess(reply -> {
      if (requestLogging) {
        // The reference's line, and (better) on the request's context: it carries request_id.
        LOG.info("{} {} -> {}", method, path, reply.getInteger(ApiEnvelope.STATUS));
      }
      message.reply(reply);
    });
  }

  private Future<JsonObject> route(String method, String path) {
    return switch (path) {
      case "/healthz" -> onlyGet(method, () -> Future.succeededFuture(
        ApiEnvelope.jsonReply(200, new JsonObject().put("status", "ok"))));
      case "/readyz" -> onlyGet(method, this::readiness);
      case "/openapi.json" -> onlyGet(method, () -> Future.succeededFuture(ApiEnvelope.jsonReply(200, openApi.copy())));
      default -> Future.succeededFuture(ApiEnvelope.jsonReply(404, new JsonObject().put("detail", "Not Found")));
    };
  }

  private Future<JsonObject> readiness() {
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true);
    String requestId = RequestId.current();
    if (requestId != null) {
      options.addHeader(RequestId.HEADER, requestId);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.HEALTH_READY, null, options)
      .map(Message::body)
      .otherwise(err -> ApiEnvelope.jsonReply(503, new JsonObject()
        .put("status", "not_ready")
        .put("detail", err instanceof ReplyException re ? "health_" + re.failureType().name().toLowerCase() : err.toString())));
  }

  private static Future<JsonObject> onlyGet(String method, java.util.function.Supplier<Future<JsonObject>> action) {
    if ("GET".equals(method) || "HEAD".equals(method)) {
      return action.get();
    }
    return Future.succeededFuture(ApiEnvelope.jsonReply(405, new JsonObject().put("detail", "Method Not Allowed"))
      .put(ApiEnvelope.HEADERS, new JsonObject().put("allow", "GET")));
  }
}
