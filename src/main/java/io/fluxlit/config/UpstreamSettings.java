package io.fluxlit.config;

import java.util.List;

/**
 * The HTTP hop to Streamlit.
 *
 * @param urls the configured external upstreams without a trailing slash (none: empty)
 * @param urlFile a file holding the upstream URL, or the empty string
 * @param connectTimeoutMs time to connect, or to wait for a pooled connection
 * @param readTimeoutMs upstream silence (between bytes) before 504
 * @param keepAliveTimeoutS whole seconds an idle pooled connection is kept, 0 = until the upstream closes it
 * @param maxConnections keep-alive pool size: per gateway instance, or for the whole process when
 *     {@code maxConnectionsPerProcess}
 * @param maxConnectionsPerProcess whether the pool size came from {@code FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS},
 *     a cap for the whole process as in the Python FluxLit (one pool all gateway instances share)
 * @param maxRequestBodyBytes largest proxied request body, 0 for no limit
 * @param readinessProbeTimeoutMs how long the readiness probe waits for the upstream
 */
public record UpstreamSettings(List<String> urls, String urlFile, long connectTimeoutMs, long readTimeoutMs,
                               int keepAliveTimeoutS, int maxConnections, boolean maxConnectionsPerProcess, long maxRequestBodyBytes,
                               long readinessProbeTimeoutMs) {

  /** @return the first configured external upstream, or the empty string */
  public String url() {
    return urls.isEmpty() ? "" : urls.get(0);
  }

  static UpstreamSettings from(SettingValues values) {
    return new UpstreamSettings(values.get(Setting.FLUXLIT_STREAMLIT_UPSTREAM), values.get(Setting.FLUXLIT_STREAMLIT_UPSTREAM_FILE),
      values.get(Setting.FLUXLIT_GATEWAY_UPSTREAM_CONNECT_TIMEOUT_S), values.get(Setting.FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S),
      values.get(Setting.FLUXLIT_GATEWAY_UPSTREAM_KEEPALIVE_TIMEOUT_S), poolSize(values), values.get(Setting.FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS) == 0
        && values.get(Setting.FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS) > 0,
      values.get(Setting.FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES),
      values.get(Setting.FLUXLIT_READINESS_PROBE_TIMEOUT_S));
  }

  /**
   * The pool size, or the Python FluxLit's name for it when ours is empty (docs/configuration.md);
   * its keep-alive cap is only validated: every pooled connection is kept alive.
   */
  private static int poolSize(SettingValues values) {
    int ours = values.get(Setting.FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS);
    int httpx = values.get(Setting.FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS);
    return ours > 0 ? ours : httpx > 0 ? httpx : 64;
  }
}
