package io.fluxlit.gateway.upstream;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removes the client headers that must not reach Streamlit (docs/architecture.md#the-http-hop): hop-by-hop headers,
 * including every header named in {@code Connection} (vertx-http-proxy leaves those), the
 * client's forwarding headers (the gateway writes its own) and the client's request ID (the
 * gateway's is authoritative).
 */
public final class HopByHopHeaders {

  private static final Set<String> ALWAYS = Set.of(
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "trailers", "transfer-encoding", "upgrade", "proxy-connection", "host",
    "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port",
    "x-forwarded-prefix", "x-request-id");

  /** Handshake headers of the browser's hop; the gateway's WebSocket client writes its own. */
  private static final Set<String> WEBSOCKET_HANDSHAKE = Set.of(
    "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol");

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
    List<String> doomed = null;
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (ALWAYS.contains(lower) || webSocket && WEBSOCKET_HANDSHAKE.contains(lower)) {
        if (doomed == null) {
          doomed = new ArrayList<>(4);
        }
        doomed.add(name);
      }
    }
    if (doomed != null) {
      doomed.forEach(headers::remove);
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
