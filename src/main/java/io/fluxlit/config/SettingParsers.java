package io.fluxlit.config;

import io.vertx.core.json.JsonArray;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The parsers the {@link Setting} entries are declared with: one per kind of value. */
final class SettingParsers {

  private static final Set<String> FORBIDDEN_STREAMLIT_ARGS =
    Set.of("--server.port", "--server.address", "--server.baseUrlPath");
  private static final String UPSTREAM_URL = "an http:// or https:// URL with a host, e.g. http://127.0.0.1:8501";

  private SettingParsers() {
  }

  /** @return the text, trimmed */
  static SettingParser<String> text() {
    return String::trim;
  }

  /** @return the text, trimmed; blank is refused */
  static SettingParser<String> nonBlank() {
    return raw -> {
      String value = raw.trim();
      if (value.isEmpty()) {
        throw SettingParser.Refused.expected("a non-empty value");
      }
      return value;
    };
  }

  static SettingParser<Integer> wholeNumber(int min, int max) {
    return raw -> {
      try {
        int parsed = Integer.parseInt(raw.trim());
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // refused below
      }
      throw SettingParser.Refused.expected("a whole number from " + min + " to " + max);
    };
  }

  /** @return a whole number in the range, or 0 for a blank value (unset: the caller decides) */
  static SettingParser<Integer> wholeNumberOrBlank(int min, int max) {
    SettingParser<Integer> number = wholeNumber(min, max);
    return raw -> raw.isBlank() ? 0 : number.parse(raw);
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

  /** @return a count whose blank value means one per CPU core */
  static SettingParser<Integer> perCore(int min, int max) {
    SettingParser<Integer> number = wholeNumber(min, max);
    // One per core: measured better than Vert.x's two per core for a proxy (docs/performance.md).
    return raw -> raw.isBlank() ? Runtime.getRuntime().availableProcessors() : number.parse(raw);
  }

  /**
   * @param word the word meaning one per CPU core, e.g. {@code auto}
   * @return a count, or one per core for {@code word}
   */
  static SettingParser<Integer> perCoreWord(String word, int min, int max) {
    SettingParser<Integer> number = wholeNumber(min, max);
    return raw -> {
      if (raw.trim().equalsIgnoreCase(word)) {
        return Math.min(max, Runtime.getRuntime().availableProcessors());
      }
      try {
        return number.parse(raw);
      } catch (SettingParser.Refused refused) {
        throw SettingParser.Refused.expected("a whole number from " + min + " to " + max + ", or " + word);
      }
    };
  }

  static SettingParser<Long> atLeast(long min) {
    return raw -> {
      try {
        long parsed = Long.parseLong(raw.trim());
        if (parsed >= min) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // refused below
      }
      throw SettingParser.Refused.expected("a whole number >= " + min);
    };
  }

  /**
   * @param zeroAllowed whether 0 (off) is accepted
   * @return seconds (fractions allowed, up to a day), parsed into milliseconds
   */
  static SettingParser<Long> secondsAsMillis(boolean zeroAllowed) {
    return raw -> {
      try {
        double parsed = Double.parseDouble(raw.trim());
        if (Double.isFinite(parsed) && (parsed > 0 || zeroAllowed && parsed == 0) && parsed <= 86_400) {
          return Math.max(zeroAllowed && parsed == 0 ? 0 : 1, Math.round(parsed * 1000));
        }
      } catch (NumberFormatException ignored) {
        // refused below
      }
      throw SettingParser.Refused.expected((zeroAllowed ? "seconds >= 0" : "seconds > 0") + " (up to 86400), e.g. 1.5");
    };
  }

  static SettingParser<Boolean> flag() {
    return raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off", "" -> false;
      default -> throw SettingParser.Refused.expected("one of 1/0, true/false, yes/no, on/off");
    };
  }

  /** @return one of the accepted words, case-insensitively, spelt as listed */
  static SettingParser<String> oneOf(String... accepted) {
    return raw -> {
      String value = raw.trim();
      for (String candidate : accepted) {
        if (candidate.equalsIgnoreCase(value)) {
          return candidate;
        }
      }
      throw SettingParser.Refused.expected("one of " + String.join(", ", accepted));
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

  static SettingParser<String> apiMount() {
    return raw -> {
      if (!raw.isBlank() && raw.trim().matches("/+")) {
        throw SettingParser.Refused.expected("a path prefix such as /api (the root belongs to Streamlit)");
      }
      return PathPrefix.apiMount(raw);
    };
  }

  static SettingParser<String> rootPath() {
    return PathPrefix::rootPath;
  }

  /** @return a path that must not be blank, normalised like the public sub-path */
  static SettingParser<String> path() {
    SettingParser<String> nonBlank = nonBlank();
    return raw -> PathPrefix.rootPath(nonBlank.parse(raw));
  }

  /** @return comma-separated words, trimmed, blanks dropped */
  static SettingParser<List<String>> commaList() {
    return raw -> {
      List<String> items = new ArrayList<>();
      for (String item : raw.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return List.copyOf(items);
    };
  }

  static SettingParser<List<String>> classNames() {
    SettingParser<List<String>> list = commaList();
    return raw -> {
      List<String> names = list.parse(raw);
      if (names.stream().anyMatch(name -> !name.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*"))) {
        throw SettingParser.Refused.expected("comma-separated Java class names");
      }
      return names;
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
    SettingParser<String> nonBlank = nonBlank();
    return raw -> {
      String host = nonBlank.parse(raw);
      if (!ClusterSettings.isIp(host)) {
        throw SettingParser.Refused.expected("an IP address, e.g. 127.0.0.1 or 10.0.0.5");
      }
      return host;
    };
  }

  static SettingParser<List<String>> clusterMembers() {
    SettingParser<List<String>> list = commaList();
    return raw -> {
      List<String> members = list.parse(raw);
      if (members.stream().anyMatch(m -> !ClusterSettings.isMember(m))) {
        throw SettingParser.Refused.expected("comma-separated IP or IP:port, e.g. 10.0.0.5,10.0.0.6:5702");
      }
      return members;
    };
  }

  /** @return a JSON list of strings or space-separated words; the port, address and base path are refused */
  static SettingParser<List<String>> streamlitArgs() {
    return raw -> {
      String text = raw.trim();
      List<String> args = new ArrayList<>();
      if (text.startsWith("[")) {
        try {
          for (Object o : new JsonArray(text)) {
            args.add(String.valueOf(o));
          }
        } catch (RuntimeException e) {
          throw SettingParser.Refused.expected("a JSON list of strings or space-separated arguments");
        }
      } else if (!text.isEmpty()) {
        args.addAll(List.of(text.split("\\s+")));
      }
      for (String arg : args) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (FORBIDDEN_STREAMLIT_ARGS.contains(name)) {
          throw SettingParser.Refused.because(" may not contain " + name
            + ": FluxLit sets the Streamlit port, address and baseUrlPath itself");
        }
      }
      return List.copyOf(args);
    };
  }
}
