package io.fluxlit.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.Locale;

/**
 * What an extension handler answers: a status, headers and a body. Handlers may also return a
 * plain {@link JsonObject}, {@link io.vertx.core.json.JsonArray} or {@code String} (status 200).
 */
public final class ApiReply {

  private final JsonObject envelope;

  private ApiReply(int status, Object body) {
    envelope = new JsonObject().put(ApiEnvelope.STATUS, status).put(ApiEnvelope.HEADERS, new JsonObject());
    if (body instanceof Buffer bytes) {
      envelope.put(ApiEnvelope.BODY_BASE64, Base64.getEncoder().encodeToString(bytes.getBytes()));
    } else if (body != null) {
      envelope.put(ApiEnvelope.BODY, body);
    }
  }

  /**
   * @param status the HTTP status
   * @param body a JSON object or array
   * @return a JSON reply
   */
  public static ApiReply json(int status, Object body) {
    return new ApiReply(status, body);
  }

  /** @param body a JSON object or array @return a 200 JSON reply */
  public static ApiReply ok(Object body) {
    return new ApiReply(200, body);
  }

  /** @param status the HTTP status @param text the body @return a text/plain reply */
  public static ApiReply text(int status, String text) {
    return new ApiReply(status, text);
  }

  /** @param status the HTTP status @param bytes the body @param contentType its type @return a binary reply */
  public static ApiReply bytes(int status, Buffer bytes, String contentType) {
    return new ApiReply(status, bytes).header("content-type", contentType);
  }

  /** @param status the HTTP status @return a reply without a body */
  public static ApiReply empty(int status) {
    return new ApiReply(status, null);
  }

  /**
   * @param name header name
   * @param value header value
   * @return this reply
   */
  public ApiReply header(String name, String value) {
    envelope.getJsonObject(ApiEnvelope.HEADERS).put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  /** @return the reply message */
  public JsonObject toJson() {
    return envelope;
  }

  static ApiReply of(Object value) {
    if (value instanceof ApiReply reply) {
      return reply;
    }
    return new ApiReply(value == null ? 204 : 200, value);
  }
}
