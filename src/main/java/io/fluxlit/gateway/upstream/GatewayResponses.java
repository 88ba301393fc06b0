package io.fluxlit.gateway.upstream;

import io.fluxlit.exchange.UpstreamFailure;
import io.fluxlit.logging.RequestId;

/**
 * Bodies of the responses the gateway writes itself. Each names the request ID so users can
 * quote it; the {@code X-Request-ID} header is set on every response by the gateway's handler.
 */
public final class GatewayResponses {

  /** Content type of gateway-written error bodies (docs/architecture.md#differences). */
  public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  /** The text when no upstream is configured (kept word for word). */
  public static final String UPSTREAM_MISSING =
    "FluxLit: Streamlit upstream URL is missing (set FLUXLIT_STREAMLIT_UPSTREAM or fix FLUXLIT_STREAMLIT_UPSTREAM_FILE).";

  /** A pool is configured but has no worker to send to (none has joined yet, or all were removed). */
  public static final String NO_WORKER =
    "FluxLit: no Streamlit worker is in the pool (see the fluxlit.pool log lines).";

  /** The 413 text. */
  public static final String PAYLOAD_TOO_LARGE =
    "Payload Too Large: proxied request body exceeds FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES";

  private GatewayResponses() {
  }

  /**
   * @param message the first line
   * @param requestId the request's ID
   * @return the body: the message, then the request ID on its own line
   */
  public static String body(String message, String requestId) {
    return message + "\n" + RequestId.HEADER + ": " + requestId + "\n";
  }

  /**
   * @param failure what went wrong upstream
   * @return the first line of the error body
   */
  public static String upstreamMessage(UpstreamFailure failure) {
    return switch (failure) {
      case TIMEOUT -> "Gateway Timeout: Streamlit did not answer in time";
      case REFUSED -> "Bad Gateway: Streamlit is not reachable";
      case RESET -> "Bad Gateway: the connection to Streamlit failed";
      case OVERLOAD -> "Service Unavailable: too many requests to Streamlit at once, retry shortly";
    };
  }
}
