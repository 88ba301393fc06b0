package io.fluxlit.logging;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Redaction of secrets before they reach a log line (docs/observability.md#redaction).
 *
 * <p>Query strings: the value of each sensitive key (exact, case-insensitive match on the
 * decoded key) becomes {@code <redacted>}; empty values stay empty; everything else is kept as it
 * was sent, so the line stays readable (nothing is re-encoded).
 * Headers: {@code authorization} keeps its scheme ({@code Bearer <redacted>},
 * {@code Basic <redacted>}), {@code cookie}, {@code set-cookie}, {@code proxy-authorization} and
 * {@code x-api-key} become {@code <redacted>}. Public API: the gateway logs no headers, extensions may.
 */
public final class Redaction {

  /** The replacement text. */
  public static final String REDACTED = "<redacted>";


  private static final Set<String> SECRET_HEADERS = Set.of("cookie", "set-cookie", "proxy-authorization", "x-api-key");

  private Redaction() {
  }

  /**
   * @param query a raw query string, may be {@code null}
   * @param sensitiveKeys lower-case keys whose values are redacted
   * @return the redacted query, or the empty string for none
   */
  public static String query(String query, Collection<String> sensitiveKeys) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(query.length());
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      String pair = query.substring(start, end);
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      boolean hasValue = eq >= 0 && eq < pair.length() - 1;
      if (hasValue && sensitiveKeys.contains(decode(key).toLowerCase(Locale.ROOT))) {
        out.append(key).append('=').append(REDACTED);
      } else {
        out.append(pair);
      }
      if (end < query.length()) {
        out.append('&');
      }
      start = end + 1;
    }
    return out.toString();
  }

  /**
   * @param name a header name
   * @param value its value
   * @return the value safe to log
   */
  public static String header(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("authorization")) {
      if (value == null || value.isBlank()) {
        return "";
      }
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.startsWith("bearer ")) {
        return "Bearer " + REDACTED;
      }
      if (v.startsWith("basic ")) {
        return "Basic " + REDACTED;
      }
      return REDACTED;
    }
    return SECRET_HEADERS.contains(lower) ? REDACTED : value;
  }

  /**
   * @param headers header name to value
   * @return a copy with secrets redacted, in the same order
   */
  public static Map<String, String> headers(Iterable<Map.Entry<String, String>> headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headers) {
      out.merge(e.getKey(), header(e.getKey(), e.getValue()), (a, b) -> a + ", " + b);
    }
    return out;
  }

  private static String decode(String key) {
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return key;
    }
  }
}
