package io.fluxlit.upstream;

import java.net.URI;

/**
 * The Streamlit server requests are proxied to: scheme, host, port and an optional base path
 * that is put in front of every forwarded path.
 *
 * @param ssl whether to use TLS
 * @param host the host name or address
 * @param port the port
 * @param basePath the base path without a trailing slash, or the empty string
 */
public record Upstream(boolean ssl, String host, int port, String basePath) {

  /**
   * @param url a validated upstream URL (see {@code Settings.upstreamUrl})
   * @return the parsed upstream, or {@code null} for an empty URL
   */
  public static Upstream parse(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    URI uri = URI.create(url);
    boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new Upstream(ssl, host, port, path);
  }

  /** @return {@code host:port}, IPv6 bracketed */
  public String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** @return the base URL, e.g. {@code http://127.0.0.1:8501} */
  public String baseUrl() {
    return (ssl ? "https://" : "http://") + authority() + basePath;
  }
}
