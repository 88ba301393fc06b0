package io.fluxlit.api.auth;

/**
 * Where a sign-in may send the browser back to: a path on this site, never another one (an open
 * redirect would let a link through our sign-in land on an attacker's page with a fresh code).
 */
final class ReturnPath {

  private ReturnPath() {
  }

  /**
   * @param target the requested return path, decoded
   * @return whether it is a path on this site: one leading {@code /}, no backslash (browsers read
   *         {@code /\host} as {@code //host}), no control characters
   */
  static boolean isLocal(String target) {
    if (!target.startsWith("/") || target.startsWith("//") || target.contains("\\") || target.length() > 2048) {
      return false;
    }
    return target.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
  }
}
