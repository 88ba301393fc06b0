package io.fluxlit.gateway.websocket;

import io.fluxlit.config.AllowedOrigins;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Which browser origins may open a WebSocket (docs/architecture.md#the-websocket-hop; against
 * cross-site WebSocket hijacking): a request without {@code Origin} (not a browser), the
 * gateway's own public origin as the browser sees it ({@link ForwardedHeaders#publicOrigin}), or
 * one listed in {@code FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS}. Browsers always send {@code Origin} on a WebSocket
 * handshake and scripts cannot forge it, so this is what stops another site's page from driving
 * a visitor's Streamlit session with the visitor's cookies.
 */
final class OriginPolicy {

  private final AllowedOrigins allowed;
  private final ForwardedHeaders forwarded;
  private final String fallbackHost;

  /**
   * @param allowed the configured extra origins
   * @param forwarded how the public scheme and host are found
   * @param fallbackHost the host used when a request has none
   */
  OriginPolicy(AllowedOrigins allowed, ForwardedHeaders forwarded, String fallbackHost) {
    this.allowed = allowed;
    this.forwarded = forwarded;
    this.fallbackHost = fallbackHost;
  }

  /**
   * @param request a WebSocket upgrade request
   * @return whether its origin may upgrade
   */
  boolean allows(HttpServerRequest request) {
    String origin = request.headers().get("origin");
    if (origin == null || allowed.any()) {
      return true;
    }
    String serialised = AllowedOrigins.serialise(origin);
    return serialised != null && (serialised.equals(forwarded.publicOrigin(request, fallbackHost)) || allowed.allows(origin));
  }
}
