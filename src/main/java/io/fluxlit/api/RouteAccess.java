package io.fluxlit.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What an extension route needs from its caller (docs/auth.md#jwt-on-the-api), declared with the
 * route in {@link ApiRoutes} and announced with it: nothing ({@link #OPEN}), a valid bearer token
 * (or the sign-in gate's session), all of some scopes, any one of some roles. The handler reads
 * the caller with {@link ApiRequest#claims()} and {@link ApiRequest#user()}.
 *
 * <pre>{@code
 * ApiRoutes.on(vertx)
 *   .get("/me", RouteAccess.token(), req -> new JsonObject().put("sub", req.claims().getString("sub")))
 *   .get("/reports", RouteAccess.scopes("reports:read"), ...)
 *   .get("/admin", RouteAccess.roles("admin", "ops").andScopes("admin:write"), ...)
 * }</pre>
 *
 * @param signedIn whether a caller must be signed in (a valid bearer token or the gate's session)
 * @param scopes scopes of which the token must carry every one ({@code scope} claim)
 * @param roles roles of which the token must carry at least one ({@code roles} claim)
 */
public record RouteAccess(boolean signedIn, List<String> scopes, List<String> roles) {

  /** No requirement (unless the sign-in gate is on: then every API route needs a caller). */
  public static final RouteAccess OPEN = new RouteAccess(false, List.of(), List.of());

  private static final String TOKEN = "token";
  private static final String SCOPES = "scopes";
  private static final String ROLES = "roles";

  /** Copies the lists; a scope or role requirement implies a token. */
  public RouteAccess {
    scopes = List.copyOf(scopes);
    roles = List.copyOf(roles);
    signedIn = signedIn || !scopes.isEmpty() || !roles.isEmpty();
  }

  /** @return a valid token needed, nothing more */
  public static RouteAccess token() {
    return new RouteAccess(true, List.of(), List.of());
  }

  /** @param all scopes the token must all carry @return the requirement */
  public static RouteAccess scopes(String... all) {
    return token().andScopes(all);
  }

  /** @param any roles of which the token must carry one @return the requirement */
  public static RouteAccess roles(String... any) {
    return token().andRoles(any);
  }

  /** @param all further scopes needed @return a copy with them */
  public RouteAccess andScopes(String... all) {
    List<String> more = new ArrayList<>(scopes);
    more.addAll(List.of(all));
    return new RouteAccess(true, more, roles);
  }

  /** @param any further roles accepted @return a copy with them */
  public RouteAccess andRoles(String... any) {
    List<String> more = new ArrayList<>(roles);
    more.addAll(List.of(any));
    return new RouteAccess(true, scopes, more);
  }

  /** @return the announced form ({@link ExtensionProtocol#ACCESS}) */
  public JsonObject toJson() {
    return new JsonObject().put(TOKEN, signedIn).put(SCOPES, new JsonArray(scopes)).put(ROLES, new JsonArray(roles));
  }

  /**
   * @param json the announced form, or {@code null}
   * @return the requirement ({@link #OPEN} for {@code null})
   */
  public static RouteAccess fromJson(JsonObject json) {
    if (json == null) {
      return OPEN;
    }
    return new RouteAccess(json.getBoolean(TOKEN, false), strings(json.getJsonArray(SCOPES)), strings(json.getJsonArray(ROLES)));
  }

  private static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>();
    if (array != null) {
      array.forEach(item -> list.add(String.valueOf(item)));
    }
    return list;
  }
}
