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

  private JsonObject openApi;

  @Override
  public Future<?> start() {
    Settings settings = Settings.fromJson(config());
    openApi = OpenApiDocument.empty(settings.rootPath() + settings.apiMount());
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.API_REQUEST, this::handle).completion();
  }

  private void handle(Message<JsonObject> message) {
    // Each message runs on its own duplicated context: re-bind the caller's request ID there.
    RequestId.bindCurrent(message.headers().get(RequestId.HEADER));
    JsonObject request = message.body();
    String method = request.getString(ApiEnvelope.METHOD);
    String path = request.getString(ApiEnvelope.PATH);
    switch (path) {
      case "/healthz" -> onlyGet(message, method, () -> message.reply(
        ApiEnvelope.jsonReply(200, new JsonObject().put("status", "ok"))));
      case "/readyz" -> onlyGet(message, method, () -> readiness(message));
      case "/openapi.json" -> onlyGet(message, method, () -> message.reply(
        ApiEnvelope.jsonReply(200, openApi.copy())));
      default -> message.reply(ApiEnvelope.jsonReply(404, new JsonObject().put("detail", "Not Found")));
    }
  }

  private void readiness(Message<JsonObject> message) {
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true);
    String requestId = RequestId.current();
    if (requestId != null) {
      options.addHeader(RequestId.HEADER, requestId);
    }
    vertx.eventBus().<JsonObject>request(Addresses.HEALTH_READY, null, options)
      .onSuccess(reply -> message.reply(reply.body()))
      .onFailure(err -> message.reply(ApiEnvelope.jsonReply(503, new JsonObject()
        .put("status", "not_ready")
        .put("detail", err instanceof ReplyException re ? "health_" + re.failureType().name().toLowerCase() : err.toString()))));
  }

  private static void onlyGet(Message<JsonObject> message, String method, Runnable action) {
    if ("GET".equals(method) || "HEAD".equals(method)) {
      action.run();
    } else {
      message.reply(ApiEnvelope.jsonReply(405, new JsonObject().put("detail", "Method Not Allowed"))
        .put(ApiEnvelope.HEADERS, new JsonObject().put("allow", "GET")));
    }
  }
}
