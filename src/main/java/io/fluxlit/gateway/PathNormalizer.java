package io.fluxlit.gateway;

/**
 * Normalises a request path once, so that dispatch and the forwarded request agree
 * (docs/architecture.md#dispatch): percent-encoded unreserved characters are decoded (RFC 3986 §6.2.2.2), other
 * escapes are kept with upper-case hex, empty segments ({@code //}) are collapsed, and
 * {@code .}/{@code ..} segments (also as {@code %2e}) are resolved without climbing above the
 * root. A trailing slash is kept.
 *
 * <p>Written by hand because Vert.x's own normaliser (used by vertx-web's Router) does not
 * collapse empty segments, and we need the exact same string for dispatch and forwarding.
 */
public final class PathNormalizer {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathNormalizer() {
  }

  /**
   * @param rawPath the path as received (no query), possibly without a leading slash
   * @return the normalised path, always starting with {@code /}
   */
  public static String normalize(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    if (isAlreadyNormal(rawPath)) {
      return rawPath;
    }
    String[] parts = rawPath.split("/", -1);
    String[] stack = new String[parts.length];
    int depth = 0;
    for (String part : parts) {
      if (part.isEmpty()) {
        continue;
      }
      String segment = decodeUnreserved(part);
      if (segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (depth > 0) {
          depth--;
        }
        continue;
      }
      stack[depth++] = segment;
    }
    StringBuilder out = new StringBuilder(rawPath.length() + 1);
    for (int i = 0; i < depth; i++) {
      out.append('/').append(stack[i]);
    }
    String last = parts[parts.length - 1];
    boolean trailingSlash = last.isEmpty() || isDotSegment(last);
    if (out.length() == 0 || trailingSlash) {
      out.append('/');
    }
    return out.toString();
  }

  /** Fast path: most paths contain no escapes, dot segments or doubled slashes. */
  private static boolean isAlreadyNormal(String path) {
    if (path.charAt(0) != '/') {
      return false;
    }
    int length = path.length();
    for (int i = 0; i < length; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        return false;
      }
      if (c == '/' && i + 1 < length) {
        char next = path.charAt(i + 1);
        if (next == '/') {
          return false;
        }
        if (next == '.') {
          int end = path.indexOf('/', i + 1);
          String segment = path.substring(i + 1, end < 0 ? length : end);
          if (segment.equals(".") || segment.equals("..")) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean isDotSegment(String part) {
    String segment = decodeUnreserved(part);
    return segment.equals(".") || segment.equals("..");
  }

  private static String decodeUnreserved(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    StringBuilder out = new StringBuilder(segment.length());
    int length = segment.length();
    for (int i = 0; i < length; i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < length) {
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          char decoded = (char) (hi * 16 + lo);
          if (isUnreserved(decoded)) {
            out.append(decoded);
          } else {
            out.append('%').append(HEX[hi]).append(HEX[lo]);
          }
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
      || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
