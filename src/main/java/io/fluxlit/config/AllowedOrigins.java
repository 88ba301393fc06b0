package io.fluxlit.config;

import io.vertx.core.json.JsonArray;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The browser origins, besides the gateway's own public origin, that may open WebSockets
 * ({@code FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS}). Origins are compared in their serialised form
 * (RFC 6454): lower-case scheme and host, and the port only when it is not the scheme's default.
 */
public final class AllowedOrigins {

  private static final AllowedOrigins NONE = new AllowedOrigins(false, Set.of());

  private final boolean any;
  private final Set<String> origins;

  private AllowedOrigins(boolean any, Set<String> origins) {
    this.any = any;
    this.origins = origins;
  }

  /**
   * @param list comma-separated origins such as {@code https://app.example.com:8443} (or a JSON
   *     list of them), or {@code *}
   * @return the parsed list
   * @throws IllegalArgumentException naming the first entry that is not an http(s) origin
   */
  public static AllowedOrigins parse(String list) {
    Set<String> parsed = new LinkedHashSet<>();
    for (String entry : entries(list == null ? "" : list.trim())) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.equals("*")) {
        return new AllowedOrigins(true, Set.of());
      }
      String origin = serialise(trimmed);
      if (origin == null) {
        throw new IllegalArgumentException(trimmed);
      }
      parsed.add(origin);
    }
    return parsed.isEmpty() ? NONE : new AllowedOrigins(false, Set.copyOf(parsed));
  }

  /** Comma-separated, or a JSON list of strings (as a settings file may hold it). */
  private static List<String> entries(String list) {
    if (!list.startsWith("[")) {
      return List.of(list.split(","));
    }
    try {
      return new JsonArray(list).stream().map(String::valueOf).toList();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(list, e);
    }
  }

  /** @return whether every origin is allowed ({@code *}) */
  public boolean any() {
    return any;
  }

  /**
   * @param origin an {@code Origin} header value
   * @return whether it is listed (or the list is {@code *})
   */
  public boolean allows(String origin) {
    if (any) {
      return true;
    }
    String serialised = serialise(origin);
    return serialised != null && origins.contains(serialised);
  }

  /** @return the listed origins, serialised (empty for {@code *}) */
  public Set<String> origins() {
    return origins;
  }

  /**
   * @param scheme {@code http} or {@code https}
   * @param hostAndPort a Host header value: {@code name}, {@code name:port} or {@code [v6]:port}
   * @return the serialised origin, or {@code null} when the parts do not make one
   */
  public static String of(String scheme, String hostAndPort) {
    return serialise(scheme + "://" + hostAndPort);
  }

  /**
   * @param origin {@code scheme://host[:port]}, without path, query or user info
   * @return its serialised form, or {@code null} when it is not an http(s) origin (the opaque
   *     origin {@code null} included)
   */
  public static String serialise(String origin) {
    if (origin == null) {
      return null;
    }
    String text = origin.trim();
    if (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null
        || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
