package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.fluxlit.bus.RequestIdInterceptors;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The extension author's helper: one line per route, then {@link #register()} from the
 * verticle's {@code start()}.
 *
 * <pre>{@code
 * public Future<?> start() {
 *   return ApiRoutes.on(vertx)
 *     .get("/greet/:name", req -> new JsonObject().put("greeting", "Hello, " + req.param("name")))
 *     .post("/echo", req -> req.bodyAsJson())
 *     .register();
 * }
 * }</pre>
 *
 * <p>Paths are relative to the API mount ({@code /greet/:name} is served at
 * {@code /api/greet/:name}). Each handler runs on its message's own context with the request ID
 * bound, so its log lines carry it. A handler returns an {@link ApiReply}, a JSON object/array,
 * a String, or a {@code Future} of one of those; throwing {@link ApiException} answers its
 * status, anything else 500 without details (the stack trace goes to this JVM's log).
 *
 * <p>Protocol (docs/extensions.md): the routes are published on {@link Addresses#API_ROUTES} at
 * start, every {@link #HEARTBEAT_MS} ms, and whenever an API verticle asks on
 * {@link Addresses#API_ROUTES_SYNC}, so start order does not matter and JVMs may come and go on a
 * clustered event bus. The address is derived from the route set, so replicas of one extension
 * share it and the event bus balances between them.
 */
public final class ApiRoutes {

  /** Registration message fields. */
  public static final String OWNER = "owner";
  public static final String ADDRESS = "address";
  public static final String ROUTES = "routes";
  public static final String METHOD = "method";
  public static final String PATH = "path";
  public static final String SUMMARY = "summary";
  public static final String ACTION = "action";
  /** Message header naming the route ({@code GET /greet/:name}) a request matched. */
  public static final String ROUTE_HEADER = "fluxlit-route";
  /** How often registrations are refreshed. */
  public static final long HEARTBEAT_MS = 5_000;

  /** Handles one request; see the class comment for what it may return. */
  @FunctionalInterface
  public interface Handler {
    /** @param request the request @return the reply (see {@link ApiRoutes}) @throws Exception to fail */
    Object handle(ApiRequest request) throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.api.extension");

  private final Vertx vertx;
  private final String owner = UUID.randomUUID().toString();
  private final List<JsonObject> specs = new ArrayList<>();
  private final Map<String, Handler> handlers = new LinkedHashMap<>();
  private String address;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long heartbeat = -1;

  private ApiRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  /** @param vertx the extension verticle's Vert.x @return an empty route set */
  public static ApiRoutes on(Vertx vertx) {
    return new ApiRoutes(vertx);
  }

  public ApiRoutes get(String path, Handler handler) {
    return route("GET", path, "", handler);
  }

  public ApiRoutes get(String path, String summary, Handler handler) {
    return route("GET", path, summary, handler);
  }

  public ApiRoutes post(String path, Handler handler) {
    return route("POST", path, "", handler);
  }

  public ApiRoutes post(String path, String summary, Handler handler) {
    return route("POST", path, summary, handler);
  }

  public ApiRoutes put(String path, Handler handler) {
    return route("PUT", path, "", handler);
  }

  public ApiRoutes delete(String path, Handler handler) {
    return route("DELETE", path, "", handler);
  }

  /**
   * @param method the HTTP method
   * @param path the path template relative to the API mount, e.g. {@code /users/:id}
   * @param summary a one-line OpenAPI summary
   * @param handler the handler
   * @return this
   */
  public ApiRoutes route(String method, String path, String summary, Handler handler) {
    String upper = method.toUpperCase(Locale.ROOT);
    RouteTemplate template = RouteTemplate.parse(path);
    handlers.put(upper + " " + template.template(), handler);
    specs.add(new JsonObject().put(METHOD, upper).put(PATH, template.template()).put(SUMMARY, summary));
    return this;
  }

  /** @return the event-bus address serving these routes (after {@link #register()}) */
  public String address() {
    return address;
  }

  /**
   * Starts serving and announces the routes.
   *
   * @return completes once the consumer is registered (cluster-wide when clustered)
   */
  public Future<Void> register() {
    RequestIdInterceptors.install(vertx);
    // Derived from the route set: replicas and redeploys of one extension get the same address.
    String routeSet = String.join("\n", handlers.keySet().stream().sorted().toList());
    address = "fluxlit.ext." + UUID.nameUUIDFromBytes(routeSet.getBytes(StandardCharsets.UTF_8));
    MessageConsumer<JsonObject> requests = vertx.eventBus().consumer(address, this::dispatch);
    MessageConsumer<JsonObject> sync = vertx.eventBus().consumer(Addresses.API_ROUTES_SYNC, m -> announce());
    consumers.add(requests);
    consumers.add(sync);
    return Future.all(requests.completion(), sync.completion()).map(v -> {
      announce();
      heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> announce());
      return null;
    });
  }

  /**
   * Stops serving: announces the routes are gone and unregisters the consumers.
   *
   * @return completes when the consumers are gone
   */
  public Future<Void> unregister() {
    vertx.cancelTimer(heartbeat);
    vertx.eventBus().publish(Addresses.API_ROUTES, new JsonObject().put(ACTION, "unregister").put(OWNER, owner));
    List<Future<Void>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    return Future.join(done).mapEmpty();
  }

  private void announce() {
    vertx.eventBus().publish(Addresses.API_ROUTES, new JsonObject()
      .put(ACTION, "register")
      .put(OWNER, owner)
      .put(ADDRESS, address)
      .put(ROUTES, new JsonArray(new ArrayList<>(specs))));
  }

  /** Runs on the message's own context, where the bus's inbound interceptor bound the request ID. */
  private void dispatch(Message<JsonObject> message) {
    String requestId = RequestId.current();
    Handler handler = handlers.get(message.headers().get(ROUTE_HEADER));
    if (handler == null) {
      message.fail(404, "Not Found");
      return;
    }
    Future<Object> result;
    try {
      Object value = handler.handle(new ApiRequest(message.body(), requestId));
      result = value instanceof Future<?> future ? future.map(v -> (Object) v) : Future.succeededFuture(value);
    } catch (Exception e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(value -> message.reply(ApiReply.of(value).toJson()))
      .onFailure(err -> {
        if (err instanceof ApiException api) {
          message.fail(api.status(), api.getMessage());
        } else {
          LOG.error("API handler {} failed", message.headers().get(ROUTE_HEADER), err);
          message.fail(500, "Internal Server Error");
        }
      });
  }
}
