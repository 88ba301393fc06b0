package io.fluxlit.config;

/**
 * The WebSocket relay to Streamlit, its liveness and who may use it.
 *
 * @param maxMessageBytes largest message or frame relayed, both directions
 * @param openTimeoutMs time for the upstream handshake before the upgrade is answered 504
 * @param pingIntervalMs time between pings to both peers, 0 for none
 * @param pingTimeoutMs how long a peer has to answer a ping, 0 for forever
 * @param closeTimeoutMs how long a close handshake may take before the connection is dropped
 * @param allowedOrigins foreign origins allowed to upgrade, besides the public origin
 * @param maxSessions most sessions open at once per port, 0 for unlimited
 * @param compression whether the browser's offer of permessage-deflate is accepted
 * @param compressionLevel the deflate level (1 to 9) when it is
 */
public record WebSocketSettings(int maxMessageBytes, long openTimeoutMs, long pingIntervalMs, long pingTimeoutMs,
                                long closeTimeoutMs, AllowedOrigins allowedOrigins, int maxSessions,
                                boolean compression, int compressionLevel) {

  static WebSocketSettings from(SettingValues values) {
    return new WebSocketSettings(values.get(Setting.FLUXLIT_GATEWAY_WS_MAX_MESSAGE_BYTES), values.get(Setting.FLUXLIT_GATEWAY_WS_OPEN_TIMEOUT_S),
      values.get(Setting.FLUXLIT_GATEWAY_WS_PING_INTERVAL_S), values.get(Setting.FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S),
      values.get(Setting.FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S), values.get(Setting.FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS), values.get(Setting.FLUXLIT_GATEWAY_MAX_WEBSOCKETS),
      values.get(Setting.FLUXLIT_GATEWAY_WS_COMPRESSION), values.get(Setting.FLUXLIT_GATEWAY_WS_COMPRESSION_LEVEL));
  }

  /**
   * Vert.x's own close timeout, in whole seconds, never shorter than {@link #closeTimeoutMs()}
   * (which the relay enforces to the millisecond).
   *
   * @return the close timeout rounded up to seconds
   */
  public int closingTimeoutSeconds() {
    return (int) Math.min(Integer.MAX_VALUE, (closeTimeoutMs + 999) / 1000);
  }
}
