package io.fluxlit.config;

/**
 * The public HTTP server's settings.
 *
 * @param host the address it binds to
 * @param port its port (0 until the start-up picked a free one)
 * @param instances gateway verticle instances, one per event loop
 * @param rootPath the normalised public sub-path, or the empty string
 * @param trustProxy whether any peer's forwarding headers may be believed
 * @param trustedProxies the peers whose forwarding headers are believed
 * @param gracefulShutdownTimeoutMs how long in-flight requests may take on shutdown (0: close at once)
 */
public record GatewaySettings(String host, int port, int instances, String rootPath, boolean trustProxy,
                              TrustedProxies trustedProxies, long gracefulShutdownTimeoutMs) {

  static GatewaySettings from(SettingValues values) {
    return new GatewaySettings(values.get(Setting.FLUXLIT_GATEWAY_HOST), values.get(Setting.FLUXLIT_GATEWAY_PORT),
      values.get(Setting.FLUXLIT_GATEWAY_INSTANCES), values.get(Setting.FLUXLIT_ROOT_PATH), values.get(Setting.FLUXLIT_TRUST_PROXY),
      values.get(Setting.FLUXLIT_FORWARDED_ALLOW_IPS), values.get(Setting.FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S));
  }
}
