package io.fluxlit.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The resolved, validated settings. Built once at start from the environment and command-line
 * overrides; every value that cannot be used throws a {@link ConfigException} naming it.
 *
 * <p>Verticles receive the raw values as their deployment config ({@link #toJson()}) and parse
 * them again with {@link #fromJson(JsonObject)}, so all of them see exactly the same settings.
 */
public final class Settings {

  private static final Set<String> FORBIDDEN_STREAMLIT_ARGS =
    Set.of("--server.port", "--server.address", "--server.baseUrlPath");

  private final Map<Setting, String> raw;

  private final String gatewayHost;
  private final int gatewayPort;
  private final int gatewayInstances;
  private final String apiMount;
  private final String rootPath;
  private final String streamlitUpstream;
  private final String streamlitUpstreamFile;
  private final String streamlitApp;
  private final String streamlitPython;
  private final List<String> streamlitRunArgs;
  private final long streamlitStartupTimeoutMs;
  private final long upstreamConnectTimeoutMs;
  private final long upstreamReadTimeoutMs;
  private final int upstreamMaxConnections;
  private final long maxProxyRequestBodyBytes;
  private final int wsMaxMessageBytes;
  private final long wsOpenTimeoutMs;
  private final long wsPingIntervalMs;
  private final boolean trustProxy;
  private final TrustedProxies trustedProxies;
  private final long apiTimeoutMs;
  private final long apiMaxBodyBytes;
  private final long readinessProbeTimeoutMs;
  private final boolean debug;
  private final boolean accessLogAtInfo;
  private final boolean requestLogging;
  private final boolean jsonLogs;
  private final String logLevel;
  private final List<String> redactedQueryKeys;
  private final boolean metricsEnabled;
  private final String metricsPath;
  private final int metricsPort;
  private final int sidecarRestartMax;
  private final long sidecarBackoffInitialMs;
  private final long sidecarBackoffMaxMs;
  private final long gracefulShutdownTimeoutMs;

  private final List<String> extensions;
  private final ClusterSettings cluster;
  private final EdgeSettings edge;

  private Settings(Map<Setting, String> raw) {
    this.raw = Collections.unmodifiableMap(new EnumMap<>(raw));
    gatewayHost = nonBlank(Setting.GATEWAY_HOST);
    gatewayPort = intIn(Setting.GATEWAY_PORT, 0, 65535);
    gatewayInstances = get(Setting.GATEWAY_INSTANCES).isBlank()
      // One per core: measured better than Vert.x's two per core for a proxy (docs/performance.md).
      ? Runtime.getRuntime().availableProcessors()
      : intIn(Setting.GATEWAY_INSTANCES, 1, 1024);
    apiMount = PathPrefix.apiMount(get(Setting.API_MOUNT_PATH));
    rootPath = PathPrefix.rootPath(get(Setting.ROOT_PATH));
    streamlitUpstream = upstreamUrl(Setting.STREAMLIT_UPSTREAM, get(Setting.STREAMLIT_UPSTREAM));
    streamlitUpstreamFile = get(Setting.STREAMLIT_UPSTREAM_FILE).trim();
    streamlitApp = get(Setting.STREAMLIT_APP).trim();
    streamlitPython = get(Setting.STREAMLIT_PYTHON).trim();
    streamlitRunArgs = streamlitArgs(get(Setting.STREAMLIT_RUN_CLI_ARGS));
    streamlitStartupTimeoutMs = seconds(Setting.STREAMLIT_STARTUP_TIMEOUT_S, false);
    upstreamConnectTimeoutMs = seconds(Setting.UPSTREAM_CONNECT_TIMEOUT_S, false);
    upstreamReadTimeoutMs = seconds(Setting.UPSTREAM_READ_TIMEOUT_S, false);
    upstreamMaxConnections = poolSize();
    maxProxyRequestBodyBytes = longAtLeast(Setting.MAX_PROXY_REQUEST_BODY_BYTES, 0);
    wsMaxMessageBytes = intIn(Setting.WS_MAX_MESSAGE_BYTES, 1, Integer.MAX_VALUE);
    wsOpenTimeoutMs = seconds(Setting.WS_OPEN_TIMEOUT_S, false);
    wsPingIntervalMs = seconds(Setting.WS_PING_INTERVAL_S, true);
    trustProxy = bool(Setting.TRUST_PROXY);
    trustedProxies = parseTrustedProxies();
    apiTimeoutMs = seconds(Setting.API_TIMEOUT_S, false);
    apiMaxBodyBytes = longAtLeast(Setting.API_MAX_BODY_BYTES, 0);
    readinessProbeTimeoutMs = seconds(Setting.READINESS_PROBE_TIMEOUT_S, false);
    debug = bool(Setting.DEBUG);
    // Debug mode turns the access and API request logs on and INFO into DEBUG (reference §5.2).
    accessLogAtInfo = debug || bool(Setting.ENABLE_GATEWAY_ACCESS_LOG);
    requestLogging = debug || bool(Setting.ENABLE_REQUEST_LOGGING);
    jsonLogs = oneOf(Setting.LOG_FORMAT, "text", "json").equals("json");
    String level = oneOf(Setting.LOG_LEVEL, "TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    logLevel = debug && level.equals("INFO") ? "DEBUG" : level;
    redactedQueryKeys = redactedKeys();
    metricsEnabled = bool(Setting.ENABLE_GATEWAY_PROMETHEUS_METRICS);
    metricsPath = PathPrefix.rootPath(nonBlank(Setting.GATEWAY_PROMETHEUS_METRICS_PATH));
    metricsPort = intIn(Setting.METRICS_PORT, 0, 65535);
    sidecarRestartMax = intIn(Setting.SIDECAR_RESTART_MAX, 0, 1000);
    sidecarBackoffInitialMs = seconds(Setting.SIDECAR_BACKOFF_INITIAL_S, false);
    sidecarBackoffMaxMs = seconds(Setting.SIDECAR_BACKOFF_MAX_S, false);
    if (sidecarBackoffMaxMs < sidecarBackoffInitialMs) {
      throw new ConfigException(Setting.SIDECAR_BACKOFF_MAX_S, get(Setting.SIDECAR_BACKOFF_MAX_S),
        "seconds >= " + Setting.SIDECAR_BACKOFF_INITIAL_S.envName() + " (" + get(Setting.SIDECAR_BACKOFF_INITIAL_S).trim() + ")");
    }
    gracefulShutdownTimeoutMs = seconds(Setting.GRACEFUL_SHUTDOWN_TIMEOUT_S, true);
    extensions = extensionClasses();
    cluster = clusterSettings();
    edge = edgeSettings();
  }

  /**
   * Resolves settings with command-line values over environment values over defaults.
   *
   * @param env the process environment (only {@code FLUXLIT_*} entries are read)
   * @param cli values given on the command line
   * @return validated settings
   * @throws ConfigException naming the first unusable value
   */
  public static Settings resolve(Map<String, String> env, Map<Setting, String> cli) {
    Map<Setting, String> raw = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = cli.get(setting);
      if (value == null) {
        value = env.get(setting.envName());
      }
      raw.put(setting, value == null ? setting.defaultValue() : value);
    }
    return new Settings(raw);
  }

  /** @return settings with all defaults and no environment */
  public static Settings defaults() {
    return resolve(Map.of(), Map.of());
  }

  /**
   * @param config a verticle config produced by {@link #toJson()}
   * @return the same settings
   */
  public static Settings fromJson(JsonObject config) {
    Map<String, String> env = new java.util.HashMap<>();
    config.forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    return resolve(env, Map.of());
  }

  /** @return the raw values keyed by environment variable name */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    raw.forEach((setting, value) -> json.put(setting.envName(), value));
    return json;
  }

  /**
   * @param setting a setting
   * @param value the replacement raw value
   * @return a copy with one value replaced (validated again)
   */
  public Settings with(Setting setting, String value) {
    Map<Setting, String> copy = new EnumMap<>(raw);
    copy.put(setting, value);
    return new Settings(copy);
  }

  /** @param setting a setting @return its raw value */
  public String raw(Setting setting) {
    return raw.get(setting);
  }

  public String gatewayHost() {
    return gatewayHost;
  }

  public int gatewayPort() {
    return gatewayPort;
  }

  public int gatewayInstances() {
    return gatewayInstances;
  }

  /** @return the normalised API mount, e.g. {@code /api} */
  public String apiMount() {
    return apiMount;
  }

  /** @return the normalised public sub-path, or the empty string */
  public String rootPath() {
    return rootPath;
  }

  /** @return the configured external upstream without a trailing slash, or the empty string */
  public String streamlitUpstream() {
    return streamlitUpstream;
  }

  public String streamlitUpstreamFile() {
    return streamlitUpstreamFile;
  }

  public String streamlitApp() {
    return streamlitApp;
  }

  public String streamlitPython() {
    return streamlitPython;
  }

  public List<String> streamlitRunArgs() {
    return streamlitRunArgs;
  }

  public long streamlitStartupTimeoutMs() {
    return streamlitStartupTimeoutMs;
  }

  public long upstreamConnectTimeoutMs() {
    return upstreamConnectTimeoutMs;
  }

  public long upstreamReadTimeoutMs() {
    return upstreamReadTimeoutMs;
  }

  public int upstreamMaxConnections() {
    return upstreamMaxConnections;
  }

  public long maxProxyRequestBodyBytes() {
    return maxProxyRequestBodyBytes;
  }

  public int wsMaxMessageBytes() {
    return wsMaxMessageBytes;
  }

  public long wsOpenTimeoutMs() {
    return wsOpenTimeoutMs;
  }

  public long wsPingIntervalMs() {
    return wsPingIntervalMs;
  }

  public boolean trustProxy() {
    return trustProxy;
  }

  public TrustedProxies trustedProxies() {
    return trustedProxies;
  }

  public long apiTimeoutMs() {
    return apiTimeoutMs;
  }

  public long apiMaxBodyBytes() {
    return apiMaxBodyBytes;
  }

  public long readinessProbeTimeoutMs() {
    return readinessProbeTimeoutMs;
  }

  /** @return whether debug mode is on */
  public boolean debug() {
    return debug;
  }

  /** @return whether the access line is written at INFO (else DEBUG) */
  public boolean accessLogAtInfo() {
    return accessLogAtInfo;
  }

  /** @return whether the API writes one INFO line per request */
  public boolean requestLogging() {
    return requestLogging;
  }

  /** @return whether logs are JSON lines */
  public boolean jsonLogs() {
    return jsonLogs;
  }

  /** @return the effective root log level (debug mode applied) */
  public String logLevel() {
    return logLevel;
  }

  /** @return lower-case query keys whose values are redacted in logs */
  public List<String> redactedQueryKeys() {
    return redactedQueryKeys;
  }

  /** @return whether Prometheus metrics are enabled (before the mount-collision check) */
  public boolean metricsEnabled() {
    return metricsEnabled;
  }

  /** @return the scrape path, normalised */
  public String metricsPath() {
    return metricsPath;
  }

  /** @return the separate metrics port, or 0 for the public port */
  public int metricsPort() {
    return metricsPort;
  }

  /** @return how many restarts in a row a dying managed Streamlit gets before supervision gives up */
  public int sidecarRestartMax() {
    return sidecarRestartMax;
  }

  /** @return the wait before the first restart of a managed Streamlit, in milliseconds */
  public long sidecarBackoffInitialMs() {
    return sidecarBackoffInitialMs;
  }

  /** @return the longest wait between two restarts, in milliseconds (never below the initial wait) */
  public long sidecarBackoffMaxMs() {
    return sidecarBackoffMaxMs;
  }

  /** @return how long in-flight requests may take on shutdown, in milliseconds (0: close at once) */
  public long gracefulShutdownTimeoutMs() {
    return gracefulShutdownTimeoutMs;
  }

  /**
   * Validates an upstream URL: http or https with a host; the trailing slash is removed.
   *
   * @param setting the setting the value came from (for the error)
   * @param value the URL, may be blank
   * @return the normalised URL, or the empty string
   */
  public static String upstreamUrl(Setting setting, String value) {
    String url = value == null ? "" : value.trim();
    if (url.isEmpty()) {
      return "";
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigException(setting, value, "an http:// or https:// URL with a host, e.g. http://127.0.0.1:8501");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(setting, value, "an http:// or https:// URL with a host, e.g. http://127.0.0.1:8501");
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  private String get(Setting setting) {
    return raw.get(setting);
  }

  private String nonBlank(Setting setting) {
    String value = get(setting).trim();
    if (value.isEmpty()) {
      throw new ConfigException(setting, get(setting), "a non-empty value");
    }
    return value;
  }

  private int intIn(Setting setting, int min, int max) {
    String value = get(setting).trim();
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(setting, get(setting), "a whole number from " + min + " to " + max);
  }

  private long longAtLeast(Setting setting, long min) {
    String value = get(setting).trim();
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(setting, get(setting), "a whole number >= " + min);
  }

  private long seconds(Setting setting, boolean zeroAllowed) {
    String value = get(setting).trim();
    try {
      double parsed = Double.parseDouble(value);
      if (Double.isFinite(parsed) && (parsed > 0 || zeroAllowed && parsed == 0) && parsed <= 86_400) {
        return Math.max(zeroAllowed && parsed == 0 ? 0 : 1, Math.round(parsed * 1000));
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(setting, get(setting),
      (zeroAllowed ? "seconds >= 0" : "seconds > 0") + " (up to 86400), e.g. 1.5");
  }

  private boolean bool(Setting setting) {
    switch (get(setting).trim().toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on":
        return true;
      case "0", "false", "no", "off", "":
        return false;
      default:
        throw new ConfigException(setting, get(setting), "one of 1/0, true/false, yes/no, on/off");
    }
  }

  /** @return extension verticle class names to deploy in this JVM */
  public List<String> extensions() {
    return extensions;
  }

  /** @return the clustered event bus settings */
  public ClusterSettings cluster() {
    return cluster;
  }

  /** @return the client-facing HTTP protections (timeouts, load shedding, security headers, CORS) */
  public EdgeSettings edge() {
    return edge;
  }

  // ---- client-facing HTTP protections (docs/security.md) ----

  private EdgeSettings edgeSettings() {
    String ancestors;
    try {
      ancestors = EdgeSettings.frameAncestors(get(Setting.FRAME_ANCESTORS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Setting.FRAME_ANCESTORS, get(Setting.FRAME_ANCESTORS),
        "CSP frame-ancestors sources separated by spaces, e.g. 'self' https://portal.example (or *, or 'none')");
    }
    List<String> origins;
    try {
      origins = EdgeSettings.corsOrigins(get(Setting.CORS_ALLOW_ORIGINS));
    } catch (RuntimeException e) {
      throw new ConfigException(Setting.CORS_ALLOW_ORIGINS, get(Setting.CORS_ALLOW_ORIGINS),
        "a JSON list or comma-separated origins such as https://app.example:8443 (scheme, host, optional port), or * alone");
    }
    boolean credentials = bool(Setting.CORS_ALLOW_CREDENTIALS);
    if (credentials && origins.contains("*")) {
      // Any site could then send credentialed requests (the reference allowed it; docs/security.md).
      throw new ConfigException(Setting.CORS_ALLOW_CREDENTIALS, " may not be on with "
        + Setting.CORS_ALLOW_ORIGINS.envName() + "=*: list the origins that may send credentials");
    }
    return new EdgeSettings(seconds(Setting.REQUEST_HEADER_TIMEOUT_S, true), seconds(Setting.IDLE_TIMEOUT_S, true),
      intIn(Setting.MAX_CONCURRENT_UPSTREAM_HTTP, 0, 1_000_000), seconds(Setting.UPSTREAM_QUEUE_TIMEOUT_S, true),
      bool(Setting.ENABLE_SECURITY_HEADERS), ancestors, origins, credentials);
  }

  /** The pool size, or the reference's name for it when ours is empty (docs/configuration.md). */
  private int poolSize() {
    int httpx = intIn(Setting.HTTPX_MAX_CONNECTIONS, 0, 100_000);
    intIn(Setting.HTTPX_MAX_KEEPALIVE_CONNECTIONS, 0, 100_000); // validated only: every pooled connection is kept alive
    if (get(Setting.UPSTREAM_MAX_CONNECTIONS).isBlank()) {
      return httpx > 0 ? httpx : 64;
    }
    return intIn(Setting.UPSTREAM_MAX_CONNECTIONS, 1, 100_000);
  }

  private ClusterSettings clusterSettings() {
    String host = nonBlank(Setting.CLUSTER_HOST);
    if (!ClusterSettings.isIp(host)) {
      throw new ConfigException(Setting.CLUSTER_HOST, get(Setting.CLUSTER_HOST), "an IP address, e.g. 127.0.0.1 or 10.0.0.5");
    }
    int port = intIn(Setting.CLUSTER_PORT, 1, 65535 - ClusterSettings.PORT_COUNT);
    return new ClusterSettings(bool(Setting.CLUSTER), host, port, intIn(Setting.CLUSTER_BUS_PORT, 0, 65535),
      ClusterSettings.members(get(Setting.CLUSTER_MEMBERS), host), nonBlank(Setting.CLUSTER_NAME),
      get(Setting.CLUSTER_CONFIG).trim());
  }

  private List<String> extensionClasses() {
    List<String> names = new ArrayList<>();
    for (String name : get(Setting.EXTENSIONS).split(",")) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!trimmed.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
        throw new ConfigException(Setting.EXTENSIONS, get(Setting.EXTENSIONS), "comma-separated Java class names");
      }
      names.add(trimmed);
    }
    return List.copyOf(names);
  }

  private String oneOf(Setting setting, String... accepted) {
    String value = get(setting).trim();
    for (String candidate : accepted) {
      if (candidate.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new ConfigException(setting, get(setting), "one of " + String.join(", ", accepted));
  }

  private List<String> redactedKeys() {
    java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>(List.of("fluxlit_sid", "auth_code"));
    String session = get(Setting.URL_SESSION_QUERY_PARAM).trim();
    if (!session.isEmpty()) {
      keys.add(session.toLowerCase(Locale.ROOT));
    }
    for (String key : get(Setting.REDACT_QUERY_KEYS).split(",")) {
      if (!key.isBlank()) {
        keys.add(key.trim().toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(keys);
  }

  private TrustedProxies parseTrustedProxies() {
    try {
      return TrustedProxies.parse(get(Setting.FORWARDED_ALLOW_IPS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Setting.FORWARDED_ALLOW_IPS, get(Setting.FORWARDED_ALLOW_IPS),
        "a comma-separated list of IP addresses, or *");
    }
  }

  private static List<String> streamlitArgs(String value) {
    String text = value == null ? "" : value.trim();
    List<String> args = new ArrayList<>();
    if (text.startsWith("[")) {
      try {
        for (Object o : new JsonArray(text)) {
          args.add(String.valueOf(o));
        }
      } catch (RuntimeException e) {
        throw new ConfigException(Setting.STREAMLIT_RUN_CLI_ARGS, value, "a JSON list of strings or space-separated arguments");
      }
    } else if (!text.isEmpty()) {
      args.addAll(List.of(text.split("\\s+")));
    }
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (FORBIDDEN_STREAMLIT_ARGS.contains(name)) {
        throw new ConfigException(Setting.STREAMLIT_RUN_CLI_ARGS, " may not contain " + name
          + ": FluxLit sets the Streamlit port, address and baseUrlPath itself");
      }
    }
    return List.copyOf(args);
  }
}
