package io.fluxlit.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parsers of the {@link Setting} entries whose values say where traffic goes or may come
 * from: upstream URLs, trusted proxies, allowed origins, CORS and framing sources, cluster
 * addresses. The other kinds are in {@link SettingParsers}.
 */
final class AddressParsers {

  private static final String UPSTREAM_URL = "an http:// or https:// URL with a host, e.g. http://127.0.0.1:8501";

  private AddressParsers() {
  }

  /** @return CSP frame-ancestors sources, joined by single spaces (docs/security.md) */
  static SettingParser<String> frameAncestors() {
    return raw -> {
      try {
        return EdgeSettings.frameAncestors(raw);
      } catch (IllegalArgumentException e) {
        throw SettingParser.Refused.expected("CSP frame-ancestors sources separated by spaces, e.g. 'self'"
          + " https://portal.example (or *, or 'none')");
      }
    };
  }

  /** @return normalised CORS origins, {@code [*]}, or empty (docs/security.md) */
  static SettingParser<List<String>> corsOrigins() {
    return raw -> {
      try {
        return EdgeSettings.corsOrigins(raw);
      } catch (RuntimeException e) {
        throw SettingParser.Refused.expected("a JSON list or comma-separated origins such as https://app.example:8443"
          + " (scheme, host, optional port), or * alone");
      }
    };
  }

  /** @return an http or https URL with a host and no query, without its trailing slash; blank = none */
  static SettingParser<String> upstreamUrl() {
    return raw -> {
      String url = raw.trim();
      if (url.isEmpty()) {
        return "";
      }
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
          throw SettingParser.Refused.expected(UPSTREAM_URL);
        }
      } catch (URISyntaxException e) {
        throw SettingParser.Refused.expected(UPSTREAM_URL);
      }
      while (url.endsWith("/")) {
        url = url.substring(0, url.length() - 1);
      }
      return url;
    };
  }

  /** @return an http or https URL with a host (a provider, a key set, the public URL), trailing slash removed; blank = none */
  static SettingParser<String> httpUrl() {
    SettingParser<String> url = upstreamUrl();
    return raw -> {
      try {
        return url.parse(raw);
      } catch (SettingParser.Refused refused) {
        throw SettingParser.Refused.expected("an http:// or https:// URL with a host, e.g. https://login.example.com/realms/app");
      }
    };
  }

  /** @return a comma-separated list of {@link #upstreamUrl()}s, without duplicates; blank = none */
  static SettingParser<List<String>> upstreamUrls() {
    SettingParser<String> one = upstreamUrl();
    return raw -> {
      List<String> urls = new ArrayList<>();
      for (String part : raw.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        String url = one.parse(part);
        if (urls.contains(url)) {
          throw SettingParser.Refused.expected("a comma-separated list of distinct upstream URLs (" + url + " twice)");
        }
        urls.add(url);
      }
      return List.copyOf(urls);
    };
  }

  static SettingParser<TrustedProxies> trustedProxies() {
    return raw -> {
      try {
        return TrustedProxies.parse(raw);
      } catch (IllegalArgumentException e) {
        throw SettingParser.Refused.expected("a comma-separated list of IP addresses, or *");
      }
    };
  }

  static SettingParser<AllowedOrigins> allowedOrigins() {
    return raw -> {
      try {
        return AllowedOrigins.parse(raw);
      } catch (IllegalArgumentException e) {
        throw SettingParser.Refused.expected(
          "comma-separated origins such as https://app.example.com or http://127.0.0.1:8000 (no path), or *");
      }
    };
  }

  static SettingParser<String> ipAddress() {
    SettingParser<String> nonBlank = SettingParsers.nonBlank();
    return raw -> {
      String host = nonBlank.parse(raw);
      if (!ClusterSettings.isIp(host)) {
        throw SettingParser.Refused.expected("an IP address, e.g. 127.0.0.1 or 10.0.0.5");
      }
      return host;
    };
  }

  static SettingParser<List<String>> clusterMembers() {
    SettingParser<List<String>> list = SettingParsers.commaList();
    return raw -> {
      List<String> members = list.parse(raw);
      if (members.stream().anyMatch(m -> !ClusterSettings.isMember(m))) {
        throw SettingParser.Refused.expected("comma-separated IP or IP:port, e.g. 10.0.0.5,10.0.0.6:5702");
      }
      return members;
    };
  }
}
