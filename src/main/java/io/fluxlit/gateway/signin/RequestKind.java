package io.fluxlit.gateway.signin;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Whether a request without a session is a browser opening a page, which may be sent to the
 * provider's login, or a script (XHR, fetch, WebSocket, API call), which gets 401: a redirect to
 * another origin is something a script cannot follow.
 *
 * <p>Written by hand because this is the decision Vert.x Web's {@code OAuth2AuthHandler} gets
 * wrong for a gate in front of a single-page app: it redirects every unauthenticated GET,
 * Streamlit's fetches and WebSocket upgrades included.
 */
final class RequestKind {

  private RequestKind() {
  }

  /**
   * @param request a request outside the API mount
   * @return whether it is a top-level page load: GET, not an upgrade,
   *     {@code Sec-Fetch-Mode: navigate} when the browser sends Fetch Metadata, else an
   *     {@code Accept} naming {@code text/html} and no {@code X-Requested-With}
   */
  static boolean isNavigation(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET || request.canUpgradeToWebSocket()) {
      return false;
    }
    String mode = request.getHeader("sec-fetch-mode");
    if (mode != null) {
      return mode.equalsIgnoreCase("navigate");
    }
    if (request.getHeader("x-requested-with") != null) {
      return false;
    }
    String accept = request.getHeader("accept");
    return accept != null && accept.contains("text/html");
  }
}
