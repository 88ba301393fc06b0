package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The wire protocol between extension verticles and API verticles (docs/extensions.md#the-protocol),
 * in one place for both sides: the announcement messages on {@link Addresses#API_ROUTES}, how
 * often they are refreshed and when they go stale, the message header naming the matched route,
 * and how an extension's address is derived. Plain JSON, so other languages can speak it.
 */
public final class ExtensionProtocol {

  /** Announcement fields. */
  public static final String ACTION = "action";
  public static final String OWNER = "owner";
  public static final String ADDRESS = "address";
  public static final String ROUTES = "routes";
  /** Fields of one route in {@link #ROUTES}. */
  public static final String METHOD = "method";
  public static final String PATH = "path";
  public static final String SUMMARY = "summary";
  /** What the route needs from its caller ({@link RouteAccess#toJson()}); absent = open. */
  public static final String ACCESS = "access";
  /** Values of {@link #ACTION}. */
  public static final String REGISTER = "register";
  public static final String UNREGISTER = "unregister";
  /** Message header naming the route ({@code GET /greet/:name}) a request sent to an extension matched. */
  public static final String ROUTE_HEADER = "fluxlit-route";
  /**
   * Message headers on {@link Addresses#API_REQUEST} naming the user the sign-in gate's session
   * signed in (docs/auth.md): set only by the gateway, from its session, never copied from the
   * client; absent without a session. {@code fluxlit-user-groups} is a comma list.
   */
  public static final String USER_ID_HEADER = "fluxlit-user-id";
  public static final String USER_EMAIL_HEADER = "fluxlit-user-email";
  public static final String USER_NAME_HEADER = "fluxlit-user-name";
  public static final String USER_GROUPS_HEADER = "fluxlit-user-groups";
  /**
   * Message header on {@link Addresses#API_REQUEST}, {@code true} when the sign-in gate let the
   * request through as a public path ({@code FLUXLIT_AUTH_PUBLIC_PATHS}): the API then treats it as
   * without the gate. Set only by the gateway, never copied from the client.
   */
  public static final String PUBLIC_PATH_HEADER = "fluxlit-public-path";
  /** How often extensions announce their routes again. */
  public static final long HEARTBEAT_MS = 5_000;
  /** An owner not heard from for this long may lose its routes to another address (a killed JVM). */
  public static final long STALE_AFTER_MS = 3 * HEARTBEAT_MS;

  private ExtensionProtocol() {
  }

  /**
   * @param method upper-case HTTP method
   * @param template the route's path template
   * @return the key naming a route: {@code GET /greet/:name} (also the {@link #ROUTE_HEADER} value)
   */
  public static String routeKey(String method, String template) {
    return method + " " + template;
  }

  /**
   * Derived from the route set, so replicas and redeploys of one extension share the address and
   * the event bus balances between them.
   *
   * @param routeKeys the {@link #routeKey route keys} served
   * @return the event-bus address serving them
   */
  public static String addressFor(Collection<String> routeKeys) {
    String routeSet = String.join("\n", routeKeys.stream().sorted().toList());
    return "fluxlit.ext." + UUID.nameUUIDFromBytes(routeSet.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param method upper-case HTTP method
   * @param template the route's path template
   * @param summary a one-line OpenAPI summary
   * @return one entry of {@link #ROUTES}
   */
  public static JsonObject route(String method, String template, String summary) {
    return new JsonObject().put(METHOD, method).put(PATH, template).put(SUMMARY, summary);
  }

  /**
   * @param method upper-case HTTP method
   * @param template the route's path template
   * @param summary a one-line OpenAPI summary
   * @param access what the route needs from its caller
   * @return one entry of {@link #ROUTES}
   */
  public static JsonObject route(String method, String template, String summary, RouteAccess access) {
    JsonObject route = route(method, template, summary);
    return access.equals(RouteAccess.OPEN) ? route : route.put(ACCESS, access.toJson());
  }

  /**
   * @param owner a unique ID of the announcing instance
   * @param address where requests for these routes go
   * @param routes entries built by {@link #route}
   * @return the message announcing them
   */
  public static JsonObject register(String owner, String address, List<JsonObject> routes) {
    return new JsonObject().put(ACTION, REGISTER).put(OWNER, owner).put(ADDRESS, address)
      .put(ROUTES, new JsonArray(List.copyOf(routes)));
  }

  /** @param owner the instance that stops @return the message withdrawing its routes */
  public static JsonObject unregister(String owner) {
    return new JsonObject().put(ACTION, UNREGISTER).put(OWNER, owner);
  }
}
