package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.fluxlit.bus.RequestIdInterceptors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * <p>The routes are announced on {@link Addresses#API_ROUTES} ({@link ExtensionProtocol}, by a
 * {@code RouteAnnouncer}) and the requests answered by {@code RouteHandlers}; this class only
 * collects the routes and starts and stops those two.
 */
public final class ApiRoutes {

  /** Handles one request; see the class comment for what it may return. */
  @FunctionalInterface
  public interface Handler {
    /** @param request the request @return the reply (see {@link ApiRoutes}) @throws Exception to fail */
    Object handle(ApiRequest request) throws Exception;
  }

  private final Vertx vertx;
  private final List<JsonObject> specs = new ArrayList<>();
  private final Map<String, Handler> handlers = new LinkedHashMap<>();
  private String address;
  private MessageConsumer<JsonObject> requests;
  private RouteAnnouncer announcer;

  private ApiRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  /** @param vertx the extension verticle's Vert.x @return an empty route set */
  public static ApiRoutes on(Vertx vertx) {
    return new ApiRoutes(vertx);
  }

  /** @param path path template @param handler the handler @return this */
  public ApiRoutes get(String path, Handler handler) {
    return route("GET", path, "", handler);
  }

  /** @param path path template @param summary OpenAPI summary @param handler the handler @return this */
  public ApiRoutes get(String path, String summary, Handler handler) {
    return route("GET", path, summary, handler);
  }

  /**
   * @param path path template
   * @param access what the caller needs (docs/auth.md#jwt-on-the-api)
   * @param handler the handler
   * @return this
   */
  public ApiRoutes get(String path, RouteAccess access, Handler handler) {
    return route("GET", path, "", access, handler);
  }

  /**
   * @param path path template
   * @param access what the caller needs (docs/auth.md#jwt-on-the-api)
   * @param handler the handler
   * @return this
   */
  public ApiRoutes post(String path, RouteAccess access, Handler handler) {
    return route("POST", path, "", access, handler);
  }

  /** @param path path template @param handler the handler @return this */
  public ApiRoutes post(String path, Handler handler) {
    return route("POST", path, "", handler);
  }

  /** @param path path template @param summary OpenAPI summary @param handler the handler @return this */
  public ApiRoutes post(String path, String summary, Handler handler) {
    return route("POST", path, summary, handler);
  }

  /** @param path path template @param handler the handler @return this */
  public ApiRoutes put(String path, Handler handler) {
    return route("PUT", path, "", handler);
  }

  /** @param path path template @param handler the handler @return this */
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
    return route(method, path, summary, RouteAccess.OPEN, handler);
  }

  /**
   * @param method the HTTP method
   * @param path the path template relative to the API mount, e.g. {@code /users/:id}
   * @param summary a one-line OpenAPI summary
   * @param access what the caller needs: {@link RouteAccess#OPEN}, a token, scopes, roles
   * @param handler the handler
   * @return this
   */
  public ApiRoutes route(String method, String path, String summary, RouteAccess access, Handler handler) {
    String upper = method.toUpperCase(Locale.ROOT);
    String template = RouteTemplate.parse(path).template();
    handlers.put(ExtensionProtocol.routeKey(upper, template), handler);
    specs.add(ExtensionProtocol.route(upper, template, summary, access));
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
    address = ExtensionProtocol.addressFor(handlers.keySet());
    requests = vertx.eventBus().consumer(address, new RouteHandlers(handlers)::answer);
    announcer = new RouteAnnouncer(vertx, address, specs);
    return requests.completion().compose(v -> announcer.start());
  }

  /**
   * Stops serving: announces the routes are gone and unregisters the consumers.
   *
   * @return completes when the consumers are gone
   */
  public Future<Void> unregister() {
    List<Future<Void>> done = new ArrayList<>();
    if (announcer != null) {
      done.add(announcer.stop());
    }
    if (requests != null) {
      done.add(requests.unregister());
    }
    return Future.join(done).mapEmpty();
  }
}
