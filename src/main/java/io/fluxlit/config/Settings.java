package io.fluxlit.config;

import java.util.Map;

/**
 * The resolved, validated settings, grouped by the part of FluxLit that uses them. Built once at
 * start-up by {@link ResolvedSettings} (each value parsed once, by its {@link Setting}'s parser)
 * and handed, immutable, to the verticles that need them. Every unusable value throws a
 * {@link ConfigException} naming it.
 */
public final class Settings {

  private final SettingValues values;
  private final GatewaySettings gateway;
  private final UpstreamSettings upstream;
  private final WebSocketSettings webSocket;
  private final ApiSettings api;
  private final SidecarSettings sidecar;
  private final PoolSettings pool;
  private final ObservabilitySettings observability;
  private final ClusterSettings cluster;
  private final EdgeSettings edge;
  private final AuthSettings auth;

  private Settings(SettingValues values) {
    this.values = values;
    gateway = GatewaySettings.from(values);
    upstream = UpstreamSettings.from(values);
    webSocket = WebSocketSettings.from(values);
    api = ApiSettings.from(values);
    sidecar = SidecarSettings.from(values);
    pool = PoolSettings.from(values);
    observability = ObservabilitySettings.from(values);
    cluster = ClusterSettings.from(values);
    edge = EdgeSettings.from(values);
    auth = AuthSettings.from(values);
  }

  /**
   * @param raw the raw value of each setting after layering (missing ones take the default)
   * @return the validated settings
   */
  static Settings of(Map<Setting<?>, String> raw) {
    return new Settings(SettingValues.parse(raw));
  }

  /** @return settings with all defaults and no environment */
  public static Settings defaults() {
    return of(Map.of());
  }

  /**
   * A value the start-up decides itself (a free port, the upstream read from its file). Only
   * that value is parsed; the area records are rebuilt from the parsed values.
   *
   * @param setting a setting
   * @param value the replacement raw value
   * @return a copy with one value replaced
   */
  public Settings with(Setting<?> setting, String value) {
    return new Settings(values.with(setting, value));
  }

  /**
   * Validates an upstream URL read from elsewhere (the upstream file): http or https with a host;
   * the trailing slash is removed.
   *
   * @param setting the setting to name in the error
   * @param value the URL, may be blank
   * @return the normalised URL, or the empty string
   * @throws ConfigException naming {@code setting} when the URL is unusable
   */
  public static String upstreamUrl(Setting<?> setting, String value) {
    String text = value == null ? "" : value;
    try {
      return AddressParsers.upstreamUrl().parse(text);
    } catch (SettingParser.Refused refused) {
      throw refused.about(setting, text);
    }
  }

  /** @param setting a setting @return its raw value */
  public String raw(Setting<?> setting) {
    return values.raw().get(setting);
  }

  /** @return every setting's raw value, in declaration order (redact before showing them) */
  public Map<Setting<?>, String> rawValues() {
    return values.raw();
  }

  /** @return the public HTTP server's settings */
  public GatewaySettings gateway() {
    return gateway;
  }

  /** @return FLUXLIT_GATEWAY_TRANSPORT: auto, io_uring, epoll or nio (the process's Netty transport) */
  public String transport() {
    return values.get(Setting.FLUXLIT_GATEWAY_TRANSPORT);
  }

  /** @return the HTTP hop to Streamlit */
  public UpstreamSettings upstream() {
    return upstream;
  }

  /** @return the WebSocket relay */
  public WebSocketSettings webSocket() {
    return webSocket;
  }

  /** @return the API mount and extensions */
  public ApiSettings api() {
    return api;
  }

  /** @return the managed Streamlit process */
  public SidecarSettings sidecar() {
    return sidecar;
  }

  /** @return the pool of Streamlit workers */
  public PoolSettings pool() {
    return pool;
  }

  /** @return logs, metrics and debug mode */
  public ObservabilitySettings observability() {
    return observability;
  }

  /** @return the clustered event bus */
  public ClusterSettings cluster() {
    return cluster;
  }

  /** @return the client-facing HTTP protections: slow clients, load shedding, security headers, CORS */
  public EdgeSettings edge() {
    return edge;
  }

  /** @return sign-in: the API's JWT check, the OIDC BFF endpoints and the sign-in gate (docs/auth.md) */
  public AuthSettings auth() {
    return auth;
  }
}
