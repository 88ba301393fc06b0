package io.fluxlit.config;

/**
 * The WebSocket relay to Streamlit.
 *
 * @param maxMessageBytes largest message or frame relayed, both directions
 * @param openTimeoutMs time for the upstream handshake before the upgrade is answered 504
 * @param pingIntervalMs time between pings to both peers, 0 for none
 */
public record WebSocketSettings(int maxMessageBytes, long openTimeoutMs, long pingIntervalMs) {

  static WebSocketSettings from(SettingValues values) {
    return new WebSocketSettings(values.get(Setting.WS_MAX_MESSAGE_BYTES), values.get(Setting.WS_OPEN_TIMEOUT_S),
      values.get(Setting.WS_PING_INTERVAL_S));
  }
}
