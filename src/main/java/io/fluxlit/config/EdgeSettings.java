package io.fluxlit.config;

import io.vertx.core.json.JsonArray;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The client-facing HTTP protections (docs/security.md): slow and idle clients, load shedding in
 * front of Streamlit, security headers and CORS. Validated with the rest of {@link Settings}.
 *
 * @param requestHeaderTimeoutMs time for a whole request head, 0 = no limit
 * @param idleTimeoutMs how long a connection with no request in flight stays open, 0 = no limit
 * @param maxConcurrentUpstreamHttp most proxied HTTP exchanges at once, 0 = unlimited
 * @param upstreamQueueTimeoutMs longest wait for a place under that limit before 503
 * @param securityHeaders whether the security headers are written
 * @param frameAncestors the CSP {@code frame-ancestors} sources, e.g. {@code 'self'}
 * @param corsAllowOrigins normalised origins allowed cross-site on the API ({@code *} alone = any); empty = CORS off
 * @param corsAllowCredentials whether cross-site API calls may carry credentials
 */
public record EdgeSettings(long requestHeaderTimeoutMs, long idleTimeoutMs, int maxConcurrentUpstreamHttp,
                           long upstreamQueueTimeoutMs, boolean securityHeaders, String frameAncestors,
                           List<String> corsAllowOrigins, boolean corsAllowCredentials) {

  /** A CSP host-source or scheme-source: no quotes, separators or spaces. */
  private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9*.:/\\[\\]_%-]+");

  static EdgeSettings from(SettingValues values) {
    List<String> origins = values.get(Setting.FLUXLIT_CORS_ALLOW_ORIGINS);
    boolean credentials = values.get(Setting.FLUXLIT_CORS_ALLOW_CREDENTIALS);
    if (credentials && origins.contains("*")) {
      // Any site could then send credentialed requests (the Python FluxLit allowed it; docs/security.md).
      throw new ConfigException(Setting.FLUXLIT_CORS_ALLOW_CREDENTIALS, " may not be on with "
        + Setting.FLUXLIT_CORS_ALLOW_ORIGINS.envName() + "=*: list the origins that may send credentials");
    }
    return new EdgeSettings(values.get(Setting.FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S), values.get(Setting.FLUXLIT_GATEWAY_IDLE_TIMEOUT_S),
      values.get(Setting.FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP), values.get(Setting.FLUXLIT_GATEWAY_UPSTREAM_QUEUE_TIMEOUT_S),
      values.get(Setting.FLUXLIT_ENABLE_SECURITY_HEADERS), values.get(Setting.FLUXLIT_FRAME_ANCESTORS), origins, credentials);
  }

  /** @return whether CORS is on for the API */
  public boolean corsEnabled() {
    return !corsAllowOrigins.isEmpty();
  }

  /**
   * @param value a {@code frame-ancestors} source list
   * @return the sources joined by single spaces
   * @throws IllegalArgumentException when a source is not one
   */
  static String frameAncestors(String value) {
    String[] sources = value.trim().split("\\s+");
    if (sources.length == 0 || sources[0].isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    for (String source : sources) {
      boolean keyword = source.equals("'self'") || source.equals("'none'") && sources.length == 1;
      if (!keyword && !SOURCE.matcher(source).matches()) {
        throw new IllegalArgumentException(source);
      }
    }
    return String.join(" ", sources);
  }

  /**
   * @param value a JSON list or comma-separated origins, or {@code *}
   * @return the origins as browsers send them (lower case, no default port), or {@code [*]}
   * @throws IllegalArgumentException naming the first value that is not an origin
   */
  static List<String> corsOrigins(String value) {
    String text = value == null ? "" : value.trim();
    List<String> raw = new ArrayList<>();
    if (text.startsWith("[")) {
      new JsonArray(text).forEach(o -> raw.add(String.valueOf(o)));
    } else if (!text.isEmpty()) {
      raw.addAll(List.of(text.split(",")));
    }
    LinkedHashSet<String> origins = new LinkedHashSet<>();
    for (String entry : raw) {
      String origin = entry.trim();
      if (!origin.isEmpty()) {
        origins.add(origin.equals("*") ? "*" : origin(origin));
      }
    }
    if (origins.contains("*") && origins.size() > 1) {
      throw new IllegalArgumentException("* mixed with listed origins");
    }
    return List.copyOf(origins);
  }

  /** The serialised origin (RFC 6454) a browser sends for this URL, or an exception. */
  private static String origin(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare
        || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(text);
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(text);
    }
  }
}
