package io.fluxlit.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One API request as an extension handler sees it (a view over the request envelope). */
public final class ApiRequest {

  private final JsonObject envelope;
  private final String requestId;

  ApiRequest(JsonObject envelope, String requestId) {
    this.envelope = envelope;
    this.requestId = requestId;
  }

  /** @return the HTTP method, upper case */
  public String method() {
    return envelope.getString(ApiEnvelope.METHOD);
  }

  /** @return the path under the API mount, e.g. {@code /users/42} */
  public String path() {
    return envelope.getString(ApiEnvelope.PATH);
  }

  /** @param name a {@code :name} of the route template @return its decoded value, or null */
  public String param(String name) {
    JsonObject params = envelope.getJsonObject(ApiEnvelope.PARAMS);
    return params == null ? null : params.getString(name);
  }

  /** @return the raw query string, or null */
  public String query() {
    return envelope.getString(ApiEnvelope.QUERY);
  }

  /** @param name a query parameter @return its first decoded value, or null */
  public String queryParam(String name) {
    String query = query();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (key.equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  /** @param name a header name (any case) @return its first value, or null */
  public String header(String name) {
    JsonArray values = envelope.getJsonObject(ApiEnvelope.HEADERS, new JsonObject())
      .getJsonArray(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.getString(0);
  }

  /** @return the body bytes (empty when there is none) */
  public Buffer body() {
    Buffer body = envelope.getBuffer(ApiEnvelope.BODY);
    return body == null ? Buffer.buffer() : body;
  }

  /** @return the body as a JSON object; a body that is not one answers 400 */
  public JsonObject bodyAsJson() {
    try {
      return body().toJsonObject();
    } catch (RuntimeException e) {
      throw new ApiException(400, "the request body is not a JSON object");
    }
  }

  /**
   * @return the verified claims of the caller's bearer token (for the sign-in gate's session: its
   *         {@code sub}, {@code email}, {@code preferred_username}, {@code groups}); empty for an
   *         anonymous caller. Only routes that need a caller ({@link RouteAccess}) or run behind the
   *         gate get them.
   */
  public JsonObject claims() {
    JsonObject auth = envelope.getJsonObject(ApiEnvelope.AUTH);
    return auth == null ? new JsonObject() : auth.getJsonObject("claims", new JsonObject());
  }

  /** @return the signed-in caller, or {@code null} for an anonymous one */
  public ApiUser user() {
    JsonObject auth = envelope.getJsonObject(ApiEnvelope.AUTH);
    return auth == null ? null : ApiUser.fromJson(auth.getJsonObject("user"));
  }

  /** @return the request ID (also bound to the handler's context: {@code RequestId.current()}) */
  public String requestId() {
    return requestId;
  }

  /** @return the whole envelope */
  public JsonObject toJson() {
    return envelope;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
