package io.fluxlit.api;

import io.fluxlit.api.auth.BearerTokens;
import io.fluxlit.api.auth.ClaimGrants;
import io.fluxlit.api.auth.Refusal;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may call a route (docs/auth.md#jwt-on-the-api), decided in the API verticle before a request
 * goes on to its extension: a route's {@link RouteAccess} (and, with the sign-in gate on, every
 * route but the probes, the BFF endpoints and the public paths) needs a valid bearer token or the
 * gate's session user, which the gateway sends as the {@code fluxlit-user-*} message headers
 * ({@link ExtensionProtocol#USER_ID_HEADER}). A bearer token, when sent, is checked even with a
 * session. The admitted caller travels on to the extension in {@link ApiEnvelope#AUTH}.
 */
final class RouteGuard {

  private final BearerTokens bearer;
  private final boolean gateOn;

  /**
   * @param bearer the bearer check
   * @param gateOn whether the sign-in gate is on (every API route then needs a caller)
   */
  RouteGuard(BearerTokens bearer, boolean gateOn) {
    this.bearer = bearer;
    this.gateOn = gateOn;
  }

  /**
   * @param access what the route declared
   * @param request the request envelope
   * @param headers the message headers (the gateway's session user)
   * @return the caller for {@link ApiEnvelope#AUTH}, or {@code null} for an anonymous one on an
   *         open route; fails with a {@link Refusal.Refused}
   */
  Future<JsonObject> admit(RouteAccess access, JsonObject request, MultiMap headers) {
    JsonObject session = sessionUser(headers);
    if (!access.signedIn() && !gated(headers)) {
      return Future.succeededFuture(session);
    }
    String authorization = header(request, "authorization");
    Future<JsonObject> caller;
    if (BearerTokens.present(authorization) || session == null) {
      caller = bearer.verify(authorization).map(claims -> new JsonObject().put("via", "bearer")
        .put("user", ApiUser.fromClaims(claims).toJson()).put("claims", claims));
    } else {
      caller = Future.succeededFuture(session);
    }
    return caller.compose(admitted -> {
      Refusal refusal = ClaimGrants.check(admitted.getJsonObject("claims"), access.scopes(), access.roles());
      return refusal == null ? Future.succeededFuture(admitted) : Future.failedFuture(refusal.failure());
    });
  }

  /**
   * @param headers a request's message headers
   * @return whether the sign-in gate applies to it: on, and the request not on a public path the
   *     gateway let through ({@link ExtensionProtocol#PUBLIC_PATH_HEADER})
   */
  boolean gated(MultiMap headers) {
    return gateOn && !"true".equals(headers.get(ExtensionProtocol.PUBLIC_PATH_HEADER));
  }

  /**
   * @param refusal why the request was refused
   * @return its reply envelope: the status, {@code {"detail"}} (503s name the request ID too), the challenge
   */
  static JsonObject reply(Refusal refusal) {
    JsonObject body = new JsonObject().put("detail", refusal.detail());
    if (refusal.status() >= 500) {
      body.put("request_id", RequestId.current());
    }
    JsonObject reply = ApiEnvelope.jsonReply(refusal.status(), body).put(ApiEnvelope.AUTH_REFUSAL, refusal.reason());
    if (refusal.challenge() != null) {
      reply.put(ApiEnvelope.HEADERS, new JsonObject().put("www-authenticate", refusal.challenge()));
    }
    return reply;
  }

  /** The gate's session user as a caller, with the claims a token of theirs would carry. */
  private static JsonObject sessionUser(MultiMap headers) {
    String id = headers.get(ExtensionProtocol.USER_ID_HEADER);
    if (id == null || id.isEmpty()) {
      return null;
    }
    List<String> groups = new ArrayList<>();
    for (String group : headers.get(ExtensionProtocol.USER_GROUPS_HEADER) == null ? new String[0]
      : headers.get(ExtensionProtocol.USER_GROUPS_HEADER).split(",")) {
      if (!group.isBlank()) {
        groups.add(group.trim());
      }
    }
    ApiUser user = new ApiUser(id, headers.get(ExtensionProtocol.USER_EMAIL_HEADER),
      headers.get(ExtensionProtocol.USER_NAME_HEADER), groups);
    JsonObject claims = new JsonObject().put("sub", id).put("email", user.email())
      .put("preferred_username", user.username()).put("groups", new JsonArray(groups));
    return new JsonObject().put("via", "session").put("user", user.toJson()).put("claims", claims);
  }

  private static String header(JsonObject request, String name) {
    JsonArray values = request.getJsonObject(ApiEnvelope.HEADERS, new JsonObject()).getJsonArray(name);
    return values == null || values.isEmpty() ? null : values.getString(0);
  }
}
