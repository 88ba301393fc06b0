package io.fluxlit.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Logs, metrics and debug mode.
 *
 * @param debug whether debug mode is on
 * @param accessLogAtInfo whether the access line is written at INFO (else DEBUG)
 * @param requestLogging whether the API writes one INFO line per request
 * @param jsonLogs whether logs are JSON lines
 * @param logLevel the effective root log level (debug mode applied)
 * @param redactedQueryKeys lower-case query keys whose values are redacted in logs
 * @param metricsEnabled whether Prometheus metrics are enabled (before the mount-collision check)
 * @param metricsPath the scrape path, normalised
 * @param metricsPort the separate metrics port, or 0 for the public port
 */
public record ObservabilitySettings(boolean debug, boolean accessLogAtInfo, boolean requestLogging, boolean jsonLogs,
                                    String logLevel, List<String> redactedQueryKeys, boolean metricsEnabled,
                                    String metricsPath, int metricsPort) {

  /**
   * Query keys always redacted, before {@code FLUXLIT_URL_SESSION_QUERY_PARAM} and {@code FLUXLIT_REDACT_QUERY_KEYS}:
   * FluxLit's own, and the OAuth 2.0 / OpenID Connect secrets a provider sends back to a callback, on every path,
   * not only the sign-in endpoints' (docs/security.md#secrets-in-urls).
   */
  public static final List<String> ALWAYS_REDACTED_QUERY_KEYS = List.of("fluxlit_sid", "auth_code",
    "code", "state", "session_state", "id_token", "access_token", "refresh_token");

  static ObservabilitySettings from(SettingValues values) {
    boolean debug = values.get(Setting.FLUXLIT_DEBUG);
    String level = values.get(Setting.FLUXLIT_LOG_LEVEL);
    // Debug mode turns the access and API request logs on and INFO into DEBUG (docs/observability.md).
    return new ObservabilitySettings(debug,
      debug || values.get(Setting.FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG),
      debug || values.get(Setting.FLUXLIT_ENABLE_REQUEST_LOGGING),
      values.get(Setting.FLUXLIT_LOG_FORMAT).equals("json"),
      debug && level.equals("INFO") ? "DEBUG" : level,
      redactedKeys(values),
      values.get(Setting.FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS),
      values.get(Setting.FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH),
      values.get(Setting.FLUXLIT_METRICS_PORT));
  }

  private static List<String> redactedKeys(SettingValues values) {
    Set<String> keys = new LinkedHashSet<>(ALWAYS_REDACTED_QUERY_KEYS);
    String session = values.get(Setting.FLUXLIT_URL_SESSION_QUERY_PARAM);
    if (!session.isEmpty()) {
      keys.add(session.toLowerCase(Locale.ROOT));
    }
    for (String key : values.get(Setting.FLUXLIT_REDACT_QUERY_KEYS)) {
      keys.add(key.toLowerCase(Locale.ROOT));
    }
    return List.copyOf(keys);
  }
}
