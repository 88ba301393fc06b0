package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON messages exchanged on {@link Addresses#API_REQUEST} (and with extension
 * verticles): field names in one place, and helpers to build and read them. Plain JSON, so it
 * crosses a clustered event bus without codecs.
 *
 * <p>Request: {@code {method, path, query, headers: {name: [values]}, body}} where {@code path}
 * has the API mount removed, {@code x-request-id} is the resolved ID, and {@code body} is a
 * Vert.x JSON binary (base64url; read it with {@code JsonObject.getBuffer}), absent when empty.
 * Reply:
 * {@code {status, headers: {name: value | [values]}, body}} where {@code body} is a JSON
 * object/array (sent as application/json), a string (text/plain unless a content-type header is
 * given), or absent; {@code body_base64} carries binary bodies (base64 or base64url).
 */
public final class ApiEnvelope {

  public static final String METHOD = "method";
  public static final String PATH = "path";
  public static final String QUERY = "query";
  public static final String HEADERS = "headers";
  public static final String BODY = "body";
  public static final String BODY_BASE64 = "body_base64";
  public static final String STATUS = "status";
  /**
   * The caller, set by the API verticle only (sent to extensions): {@code {user: {id, email,
   * username, groups}, claims: {...}, via: "bearer" | "session"}}; absent for an anonymous caller.
   */
  public static final String AUTH = "auth";
  /** Reply fields for the gateway's access log and metrics, never sent to the client: the caller's user ID, the refusal reason. */
  public static final String AUTH_USER_ID = "auth_user_id";
  public static final String AUTH_REFUSAL = "auth_refusal";
  /** Path parameters of the matched route (sent to extensions). */
  public static final String PARAMS = "params";

  private ApiEnvelope() {
  }

  /**
   * @param method HTTP method
   * @param path path with the mount removed
   * @param query raw query string or {@code null}
   * @param headers the request headers
   * @param body the body (may be empty)
   * @return a request message
   */
  public static JsonObject request(String method, String path, String query, MultiMap headers, Buffer body) {
    JsonObject hdrs = new JsonObject();
    for (Map.Entry<String, String> e : headers) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      JsonArray values = hdrs.getJsonArray(name);
      if (values == null) {
        values = new JsonArray();
        hdrs.put(name, values);
      }
      values.add(e.getValue());
    }
    JsonObject message = new JsonObject()
      .put(METHOD, method)
      .put(PATH, path)
      .put(HEADERS, hdrs);
    if (query != null) {
      message.put(QUERY, query);
    }
    if (body != null && body.length() > 0) {
      message.put(BODY, body);
    }
    return message;
  }

  /**
   * @param text base64 or base64url, padded or not
   * @return the decoded bytes
   * @throws IllegalArgumentException when it is neither
   */
  public static byte[] decodeBase64(String text) {
    String urlSafe = text.replace('+', '-').replace('/', '_');
    while (urlSafe.endsWith("=")) {
      urlSafe = urlSafe.substring(0, urlSafe.length() - 1);
    }
    return Base64.getUrlDecoder().decode(urlSafe);
  }

  /**
   * @param status HTTP status
   * @param body JSON body
   * @return a reply message with a JSON body
   */
  public static JsonObject jsonReply(int status, Object body) {
    return new JsonObject().put(STATUS, status).put(BODY, body);
  }
}
