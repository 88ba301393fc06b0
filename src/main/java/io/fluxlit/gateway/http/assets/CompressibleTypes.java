package io.fluxlit.gateway.http.assets;

import java.util.Locale;
import java.util.Set;

/**
 * Which media types are worth compressing: text and the text-based application types (JS, JSON,
 * XML, SVG, WebAssembly, source maps). Images, audio, video, fonts in WOFF2, archives and
 * anything unnamed are already compressed or unknown; {@code text/event-stream} is left alone
 * so that each event reaches the browser when it is sent.
 */
final class CompressibleTypes {

  private static final Set<String> APPLICATION = Set.of(
    "application/javascript", "application/x-javascript", "application/ecmascript", "application/json",
    "application/manifest+json", "application/ld+json", "application/xml", "application/xhtml+xml",
    "application/rss+xml", "application/atom+xml", "application/wasm", "application/x-protobuf-text",
    "image/svg+xml", "image/x-icon", "image/vnd.microsoft.icon", "font/ttf", "font/otf",
    "application/vnd.ms-fontobject");

  private CompressibleTypes() {
  }

  /**
   * @param contentType a {@code Content-Type} value ({@code null}: none)
   * @return whether a body of that type is compressed
   */
  static boolean compressible(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    if (type.startsWith("text/")) {
      return !type.equals("text/event-stream");
    }
    return APPLICATION.contains(type) || type.endsWith("+json") || type.endsWith("+xml");
  }
}
