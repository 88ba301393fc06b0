package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.fluxlit.config.Settings;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * Answers every request under the API mount, reached only over the event bus
 * ({@link Addresses#API_REQUEST}). Start-up: register the consumer; that's all.
 *
 * <p>Built-in routes: {@code GET /healthz} (liveness, always 200 while the process serves),
 * {@code GET /readyz} (asks the health verticle), {@code GET /openapi.json}. Anything else is a
 * JSON 404.
 */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.api");

  private final Settings settings;
  private String openApiServer;
  private SwaggerUi swaggerUi;
  private boolean requestLogging;
  private long timeoutMs;
  private final RouteTable routes = new RouteTable(3 * ApiRoutes.HEARTBEAT_MS);
  private InFlightExtensionRequests inFlight;

  /** @param settings the resolved settings */
  public ApiVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    openApiServer = settings.gateway().rootPath() + settings.api().mount();
    requestLogging = settings.observability().requestLogging();
    timeoutMs = settings.api().timeoutMs();
    // Registrations come from every JVM of a clustered bus: a cluster-wide consumer.
    var registrations = vertx.eventBus().<JsonObject>consumer(Addresses.API_ROUTES, m -> onRegistration(m.body()));
    var requests = vertx.eventBus().<JsonObject>localConsumer(Addresses.API_REQUEST, this::handle);
    inFlight = new InFlightExtensionRequests(context);
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    var membersLeaving = vertx.eventBus().<String>localConsumer(Addresses.CLUSTER_MEMBER_LEFT, m -> {
      if (cluster != null) {
        inFlight.memberLeft(cluster);
      }
    });
    // Reading the Swagger UI files is blocking: a worker does it, once.
    Future<SwaggerUi> docs = vertx.executeBlocking(() -> SwaggerUi.load(openApiServer))
      .onSuccess(ui -> swaggerUi = ui);
    return Future.all(List.of(docs, registrations.completion(), requests.completion(), membersLeaving.completion()))
      // Extensions that started first announce their routes again.
      .onSuccess(v -> vertx.eventBus().publish(Addresses.API_ROUTES_SYNC, new JsonObject()));
  }

  private void onRegistration(JsonObject message) {
    if ("unregister".equals(message.getString(ApiRoutes.ACTION))) {
      routes.unregister(message.getString(ApiRoutes.OWNER));
    } else {
      routes.register(message, System.currentTimeMillis());
    }
  }

  /**
   * Runs on the message's own context, where the bus's inbound interceptor bound the caller's
   * request ID. Every message gets a reply: a route that fails outright answers 500 at once.
   */
  private void handle(Message<JsonObject> message) {
    JsonObject request = message.body();
    String method = request.getString(ApiEnvelope.METHOD);
    String path = request.getString(ApiEnvelope.PATH);
    Future<JsonObject> routed;
    try {
      routed = route(method, path, request);
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

  private Future<JsonObject> route(String method, String path, JsonObject request) {
    return switch (path) {
      case "/healthz" -> onlyGet(method, () -> Future.succeededFuture(
        ApiEnvelope.jsonReply(200, new JsonObject().put("status", "ok"))));
      case "/readyz" -> onlyGet(method, this::readiness);
      case "/openapi.json" -> onlyGet(method, () -> Future.succeededFuture(
        ApiEnvelope.jsonReply(200, OpenApiDocument.of(openApiServer, routes.all()))));
      case "/redoc", "/redoc/" -> onlyGet(method, () -> Future.succeededFuture(ApiEnvelope.jsonReply(307, null)
        .put(ApiEnvelope.HEADERS, new JsonObject().put("location", openApiServer + "/docs"))));
      default -> {
        JsonObject page = path.startsWith("/docs") ? swaggerUi.reply(path) : null;
        yield page != null ? onlyGet(method, () -> Future.succeededFuture(page)) : extension(method, path, request);
      }
    };
  }

  /** Sends the request to the extension serving it; every failure becomes an answer. */
  private Future<JsonObject> extension(String method, String path, JsonObject request) {
    RouteTable.Match match = routes.find(method, path);
    if (match == null) {
      List<String> allowed = routes.methodsFor(path);
      return Future.succeededFuture(allowed.isEmpty()
        ? ApiEnvelope.jsonReply(404, new JsonObject().put("detail", "Not Found"))
        : ApiEnvelope.jsonReply(405, new JsonObject().put("detail", "Method Not Allowed"))
          .put(ApiEnvelope.HEADERS, new JsonObject().put("allow", String.join(", ", allowed))));
    }
    String requestId = RequestId.current();
    DeliveryOptions options = new DeliveryOptions()
      .setSendTimeout(timeoutMs)
      .addHeader(ApiRoutes.ROUTE_HEADER, match.route().method + " " + match.route().template.template());
    JsonObject params = new JsonObject();
    match.params().forEach(params::put);
    String address = match.route().address;
    return inFlight.track(address, vertx.eventBus().request(address, request.copy().put(ApiEnvelope.PARAMS, params), options))
      .map(Message::body)
      .otherwise(err -> failure(err, requestId));
  }

  private static JsonObject failure(Throwable err, String requestId) {
    ReplyFailure failure = ReplyFailure.of(err, "the extension");
    int status = failure.status();
    String detail = failure.detail();
    if (status >= 500) {
      LOG.warn("extension request failed: {} ({})", detail, err.toString());
    }
    return ApiEnvelope.jsonReply(status, new JsonObject().put("detail", detail).put("request_id", requestId));
  }

  private Future<JsonObject> readiness() {
    return vertx.eventBus().<JsonObject>request(Addresses.HEALTH_READY, null, new DeliveryOptions().setLocalOnly(true))
      .map(Message::body)
      .otherwise(err -> ApiEnvelope.jsonReply(503, new JsonObject()
        .put("status", "not_ready")
        .put("detail", err instanceof ReplyException re ? "health_" + re.failureType().name().toLowerCase() : err.toString())));
  }

  private static Future<JsonObject> onlyGet(String method, Supplier<Future<JsonObject>> action) {
    if ("GET".equals(method) || "HEAD".equals(method)) {
      return action.get();
    }
    return Future.succeededFuture(ApiEnvelope.jsonReply(405, new JsonObject().put("detail", "Method Not Allowed"))
      .put(ApiEnvelope.HEADERS, new JsonObject().put("allow", "GET")));
  }
}
