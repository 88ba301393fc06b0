package io.fluxlit.gateway.upstream;

import io.vertx.core.MultiMap;


/**
 * Removes the client headers that must not reach Streamlit (docs/architecture.md#the-http-hop): hop-by-hop headers,
 * including every header named in {@code Connection} (vertx-http-proxy leaves those), the
 * client's forwarding headers (the gateway writes its own) and the client's request ID (the
 * gateway's is authoritative).
 */
public final class HopByHopHeaders {

  private static final String[] ALWAYS = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "trailers", "transfer-encoding", "upgrade", "proxy-connection", "host",
    "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port",
    "x-forwarded-prefix", "x-request-id"};

  /** Handshake headers of the browser's hop; the gateway's WebSocket client writes its own. */
  private static final String[] WEBSOCKET_HANDSHAKE = {
    "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol"};

  private HopByHopHeaders() {
  }

  /**
   * Removes, in place, what must not be forwarded.
   *
   * @param headers a mutable copy of the client's headers
   * @param webSocket whether this is a WebSocket handshake
   */
  public static void strip(MultiMap headers, boolean webSocket) {
    // Tokens named by Connection go first, before Connection itself is removed.
    stripConnectionTokens(headers);
    // One case-insensitive removal per name: nothing is allocated on this per-request path
    // (docs/performance.md, tuning log).
    for (String name : ALWAYS) {
      headers.remove(name);
    }
    if (webSocket) {
      for (String name : WEBSOCKET_HANDSHAKE) {
        headers.remove(name);
      }
    }
  }

  /**
   * Removes, in place, the headers a {@code Connection} header names (RFC 9110 §7.6.1); used on
   * requests and on responses.
   *
   * @param headers a mutable header map
   */
  public static void stripConnectionTokens(MultiMap headers) {
    for (String connection : headers.getAll("connection")) {
      for (String token : connection.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          headers.remove(name);
        }
      }
    }
  }
}
