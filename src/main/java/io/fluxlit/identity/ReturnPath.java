package io.fluxlit.identity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a sign-in may send the browser back to: a path on this site, never another one (an open
 * redirect would let a link through our sign-in land on an attacker's page). The one rule of the
 * gate's return page and of the API's {@code return_to} (docs/auth.md).
 *
 * <p>A path is local when it starts with one {@code /}, is at most {@value #MAX_LENGTH}
 * characters, and has no backslash (browsers read {@code /\host} as {@code //host}), no space and
 * no control characters (browsers drop tabs and newlines inside URLs, so {@code /\t/host} is
 * {@code //host}). Its path part, percent-decoded once, must still start with one {@code /} and
 * hold no control characters, so that {@code /%2F/host} or {@code /%5Chost} cannot become another
 * origin for a server or browser that decodes before it resolves; malformed encoding is refused.
 */
public final class ReturnPath {

  /** The longest return path kept. */
  public static final int MAX_LENGTH = 2048;

  private ReturnPath() {
  }

  /**
   * @param target the page to go back to (path and query, already decoded from a query
   *     parameter if it came in one), or {@code null}
   * @return whether it is a path on this site
   */
  public static boolean isLocal(String target) {
    if (target == null || target.length() > MAX_LENGTH || !startsWithOneSlash(target)
      || target.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
      return false;
    }
    int end = target.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = target.indexOf(stop);
      end = at < 0 ? end : Math.min(end, at);
    }
    String decoded;
    try {
      // A '+' is a plus in a path, not a space: keep it so.
      decoded = URLDecoder.decode(target.substring(0, end).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
    return startsWithOneSlash(decoded) && decoded.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  /**
   * @param target the page to go back to, or {@code null}
   * @param fallback where to go instead (the app's root: {@code /} or the public base path)
   * @return {@code target} when it {@linkplain #isLocal is local}, else {@code fallback}
   */
  public static String orElse(String target, String fallback) {
    return isLocal(target) ? target : fallback;
  }

  private static boolean startsWithOneSlash(String path) {
    return !path.isEmpty() && path.charAt(0) == '/'
      && (path.length() == 1 || path.charAt(1) != '/' && path.charAt(1) != '\\');
  }
}
