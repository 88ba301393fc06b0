package io.fluxlit.gateway.signin;

/**
 * Where a browser goes back to after signing in: the page it asked for, as a path on this
 * origin, never another site. Anything that a browser could read as another origin
 * ({@code //host}, {@code /\host}, a scheme, control characters) becomes the app's root.
 */
final class ReturnTo {

  private ReturnTo() {
  }

  /**
   * @param uri the request URI the browser asked for (path and query), or a value to check
   * @param fallback the app's root path ({@code /} or the public sub-path)
   * @return {@code uri} when it is a same-origin path, else {@code fallback}
   */
  static String safe(String uri, String fallback) {
    if (uri == null || uri.isEmpty() || uri.charAt(0) != '/' || uri.length() > 4096) {
      return fallback;
    }
    if (uri.length() > 1 && (uri.charAt(1) == '/' || uri.charAt(1) == '\\')) {
      return fallback;
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      // Browsers drop tabs and newlines inside URLs ("/\t/evil" is "//evil"); a backslash is a slash to them.
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return fallback;
      }
    }
    return uri;
  }
}
