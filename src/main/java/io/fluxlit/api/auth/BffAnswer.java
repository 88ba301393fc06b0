package io.fluxlit.api.auth;

import io.vertx.core.json.JsonObject;

/**
 * One answer of the BFF endpoints, for the API verticle to send: a status with a JSON body, or a
 * redirect.
 *
 * @param status the HTTP status
 * @param body the JSON body, or {@code null} for a redirect
 * @param location the redirect target, or {@code null}
 * @param refusal the refusal reason for the metric, or {@code null}
 */
public record BffAnswer(int status, JsonObject body, String location, String refusal) {

  static BffAnswer json(int status, JsonObject body) {
    return new BffAnswer(status, body, null, null);
  }

  static BffAnswer refused(int status, String detail, String reason) {
    return new BffAnswer(status, new JsonObject().put("detail", detail), null, reason);
  }

  static BffAnswer redirect(String location) {
    return new BffAnswer(302, null, location, null);
  }
}
