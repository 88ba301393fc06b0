package io.fluxlit.gateway.api;

import io.fluxlit.api.ApiEnvelope;
import io.fluxlit.api.ExtensionProtocol;
import io.fluxlit.api.ReplyFailure;
import io.fluxlit.bus.Addresses;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.SignIn;
import io.fluxlit.gateway.http.BoundedBody;
import io.fluxlit.gateway.signin.SignedInUser;
import io.fluxlit.logging.RequestId;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API hop: sends a request under the API mount to the API verticle over the event bus
 * (request/reply; the bus's interceptors carry the request ID as a message header) and turns the
 * reply into the HTTP response. Failures are answered, never hung: timeout 504, no consumer 503,
 * a handler failure its code (or 500).
 */
public final class ApiForwarder {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final Vertx vertx;
  private final long timeoutMs;
  private final long maxBodyBytes;

  /**
   * @param vertx the gateway verticle's Vert.x
   * @param timeoutMs {@code FLUXLIT_API_TIMEOUT_S}
   * @param maxBodyBytes {@code FLUXLIT_API_MAX_BODY_BYTES}, 0 for no limit
   */
  public ApiForwarder(Vertx vertx, long timeoutMs, long maxBodyBytes) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * @param request a request under the API mount
   * @param exchange its exchange, bound to the request's context
   */
  public void handle(HttpServerRequest request, Exchange exchange) {
    String requestId = exchange.requestId();
    // The gateway's own headers so far (request ID, security, CORS): what a failure answer keeps.
    MultiMap own = MultiMap.caseInsensitiveMultiMap().addAll(request.response().headers());
    BoundedBody.read(request, maxBodyBytes)
      .compose(body -> {
        JsonObject message = ApiEnvelope.request(request.method().name(), exchange.route().apiPath(), request.query(),
          request.headers(), body);
        // The API sees the resolved ID, not whatever the client sent.
        message.getJsonObject(ApiEnvelope.HEADERS).put("x-request-id", new JsonArray().add(requestId));
        DeliveryOptions options = new DeliveryOptions()
          .setLocalOnly(true)
          // A little longer than the API verticle gives extensions, so its own 504 answer arrives first.
          .setSendTimeout(timeoutMs + 1000);
        SignedInUser user = exchange.get(SignedInUser.KEY);
        if (user != null) {
          sessionUser(options, user);
        }
        if (exchange.get(SignIn.PUBLIC_PATH) != null) {
          options.addHeader(ExtensionProtocol.PUBLIC_PATH_HEADER, "true");
        }
        return vertx.eventBus().<JsonObject>request(Addresses.API_REQUEST, message, options);
      })
      .onSuccess(reply -> {
        JsonObject body = reply.body();
        String caller = body.getString(ApiEnvelope.AUTH_USER_ID);
        if (caller != null) {
          exchange.attach(SignIn.USER_ID, caller);
        }
        exchange.attach(SignIn.REFUSAL, body.getString(ApiEnvelope.AUTH_REFUSAL));
        try {
          write(request, reply.body());
        } catch (RuntimeException malformed) {
          // A reply we cannot turn into HTTP (bad status, header or base64) must not hang the client.
          LOG.warn("gateway API reply unusable: {}", malformed.toString());
          fail(request, malformed, requestId, own);
        }
      })
      .onFailure(err -> fail(request, err, requestId, own));
  }

  private static void write(HttpServerRequest request, JsonObject reply) {
    HttpServerResponse response = request.response();
    response.setStatusCode(reply.getInteger(ApiEnvelope.STATUS, 200));
    JsonObject headers = reply.getJsonObject(ApiEnvelope.HEADERS);
    if (headers != null) {
      // The reply's headers replace the gateway's of the same name (security headers, CORS);
      // the request ID stays the gateway's.
      headers.fieldNames().stream().filter(name -> !name.equalsIgnoreCase(RequestId.HEADER))
        .forEach(name -> response.headers().remove(name));
      headers.forEach(h -> {
        if (h.getValue() instanceof JsonArray values) {
          values.forEach(v -> response.headers().add(h.getKey(), String.valueOf(v)));
        } else {
          response.headers().set(h.getKey(), String.valueOf(h.getValue()));
        }
      });
    }
    Object body = reply.getValue(ApiEnvelope.BODY);
    Buffer bytes;
    if (body == null) {
      String base64 = reply.getString(ApiEnvelope.BODY_BASE64);
      bytes = base64 == null ? Buffer.buffer() : Buffer.buffer(ApiEnvelope.decodeBase64(base64));
    } else if (body instanceof String text) {
      defaultType(response, "text/plain; charset=utf-8");
      bytes = Buffer.buffer(text);
    } else {
      defaultType(response, "application/json");
      bytes = body instanceof JsonObject o ? o.toBuffer() : body instanceof JsonArray a ? a.toBuffer()
        : Buffer.buffer(String.valueOf(body));
    }
    if (request.method().name().equals("HEAD")) {
      response.putHeader("content-length", String.valueOf(bytes.length())).end();
    } else {
      response.end(bytes);
    }
  }

  private static void defaultType(HttpServerResponse response, String type) {
    if (!response.headers().contains("content-type")) {
      response.putHeader("content-type", type);
    }
  }

  private static void fail(HttpServerRequest request, Throwable err, String requestId, MultiMap own) {
    if (request.response().closed()) {
      // The client left (e.g. cut mid-body): nobody to answer, and not the API's failure.
      LOG.debug("gateway API request ended by the client: {}", err.toString());
      return;
    }
    int status;
    String detail;
    if (err instanceof BoundedBody.TooLarge) {
      status = 413;
      detail = "Payload Too Large: API request body exceeds FLUXLIT_API_MAX_BODY_BYTES";
    } else {
      ReplyFailure failure = ReplyFailure.of(err, "the API");
      status = failure.status();
      detail = failure.detail();
    }
    if (status >= 500) {
      LOG.warn("gateway API request failed: {}", err.toString());
    }
    HttpServerResponse response = request.response();
    if (response.ended() || response.headWritten()) {
      return;
    }
    response.headers().clear().addAll(own);
    response
      .setStatusCode(status)
      .putHeader("content-type", "application/json")
      .end(new JsonObject().put("detail", detail).put("request_id", requestId).toBuffer());
  }

  /**
   * The sign-in gate's user, as the API verticle reads it (docs/auth.md#identity-in-the-app):
   * message headers only the gateway sets, from its session, never from the client's request.
   */
  private static void sessionUser(DeliveryOptions options, SignedInUser user) {
    options.addHeader(ExtensionProtocol.USER_ID_HEADER, user.id());
    if (!user.email().isEmpty()) {
      options.addHeader(ExtensionProtocol.USER_EMAIL_HEADER, user.email());
    }
    if (!user.preferredUsername().isEmpty()) {
      options.addHeader(ExtensionProtocol.USER_NAME_HEADER, user.preferredUsername());
    }
    if (!user.groups().isEmpty()) {
      options.addHeader(ExtensionProtocol.USER_GROUPS_HEADER, String.join(",", user.groups()));
    }
  }
}
