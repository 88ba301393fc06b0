package io.fluxlit.testing;

/** Reading an HTTP/1.1 head as raw text, for tests that speak HTTP over a plain socket. */
public final class RawHttpHead {

  private RawHttpHead() {
  }

  /**
   * @param head a request or response head, lines separated by CRLF
   * @param name a header name, any case
   * @return the first value of that header, trimmed, or {@code null}
   */
  public static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }
}
