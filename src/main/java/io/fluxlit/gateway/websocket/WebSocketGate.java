package io.fluxlit.gateway.websocket;

import io.fluxlit.config.WebSocketSettings;
import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.logging.RepeatedLines;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits WebSocket upgrades before the relay contacts Streamlit: a foreign {@code Origin} gets
 * {@code 403} ({@link OriginPolicy}), an upgrade beyond {@code FLUXLIT_GATEWAY_MAX_WEBSOCKETS}
 * gets {@code 503} with {@code Retry-After}. Both answers name the request ID.
 */
final class WebSocketGate {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");
  /** Seconds a shed upgrade is told to wait; Streamlit's client retries on its own backoff anyway. */
  static final String RETRY_AFTER_S = "5";
  private static final int MAX_LOGGED_ORIGIN = 200;

  private final OriginPolicy origins;
  private final int maxSessions;
  private final WebSocketSlots slots;
  private final RepeatedLines warnings;

  /**
   * @param limits the WebSocket settings
   * @param origins the origin policy
   * @param slots the sessions open on the port, shared by its gateway instances
   * @param warnings which refusals are logged at WARN, shared by the port's gateway instances
   */
  WebSocketGate(WebSocketSettings limits, OriginPolicy origins, WebSocketSlots slots, RepeatedLines warnings) {
    this.origins = origins;
    this.maxSessions = limits.maxSessions();
    this.slots = slots;
    this.warnings = warnings;
  }

  /**
   * @param request an upgrade request for Streamlit
   * @param requestId its ID
   * @return the slot to give back when the session ends, or {@code null} when the upgrade was
   *     refused (the answer is written)
   */
  Runnable admit(HttpServerRequest request, String requestId) {
    if (!origins.allows(request)) {
      String origin = printable(request.headers().get("origin"));
      String line = "gateway websocket refused: Origin " + origin + " is neither the public origin nor listed in"
        + " FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS";
      if (warnings.first(origin, System.currentTimeMillis())) {
        LOG.warn("{} (refusals of this origin are logged at DEBUG for the next minute)", line);
      } else {
        LOG.debug(line);
      }
      refuse(request, 403, "Forbidden: WebSocket upgrades from this Origin are not allowed"
        + " (FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS)", requestId);
      return null;
    }
    if (!slots.tryAcquire(maxSessions)) {
      LOG.debug("gateway websocket shed: {} sessions open (FLUXLIT_GATEWAY_MAX_WEBSOCKETS)", slots.open());
      request.response().putHeader("retry-after", RETRY_AFTER_S);
      refuse(request, 503, "Service Unavailable: too many WebSocket sessions (FLUXLIT_GATEWAY_MAX_WEBSOCKETS)",
        requestId);
      return null;
    }
    boolean[] released = new boolean[1];
    return () -> {
      if (!released[0]) {
        released[0] = true;
        slots.release();
      }
    };
  }

  private static void refuse(HttpServerRequest request, int status, String message, String requestId) {
    request.response()
      .setStatusCode(status)
      .putHeader("content-type", GatewayResponses.TEXT_PLAIN)
      .end(GatewayResponses.body(message, requestId));
  }

  /** The client wrote it: no control characters in a log line, and not too long. */
  private static String printable(String origin) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < origin.length() && out.length() < MAX_LOGGED_ORIGIN; i++) {
      char c = origin.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
