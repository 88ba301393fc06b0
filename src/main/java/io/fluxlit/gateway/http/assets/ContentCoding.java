package io.fluxlit.gateway.http.assets;

import java.util.List;
import java.util.Locale;

/**
 * The content codings the gateway sends, best first, and the choice among them for a request's
 * {@code Accept-Encoding} (RFC 9110 §12.5.3).
 *
 * <p>Written here rather than taken from Netty's {@code HttpContentCompressor}, whose choice
 * ignores the q-values of codings other than the one it prefers ({@code br;q=0.1, gzip} gets
 * {@code br}) and sends a coding refused with {@code q=0} when another one is acceptable;
 * {@link CompressionRules} keeps Vert.x's compression to the responses where both choices agree.
 */
public enum ContentCoding {
  BR("br"),
  ZSTD("zstd"),
  GZIP("gzip");

  private final String token;

  ContentCoding(String token) {
    this.token = token;
  }

  /** @return the token in {@code Content-Encoding} */
  public String token() {
    return token;
  }

  /**
   * The coding with the highest q-value among {@code offered}; on a tie the earlier in this enum
   * (br, then zstd, then gzip). {@code *} stands for every coding not named; {@code q=0} refuses.
   *
   * @param acceptEncoding the request's {@code Accept-Encoding} ({@code null}: none)
   * @param offered the codings this gateway can send, in any order
   * @return the coding to send, or {@code null} for identity
   */
  public static ContentCoding negotiate(String acceptEncoding, List<ContentCoding> offered) {
    if (acceptEncoding == null || acceptEncoding.isBlank() || offered.isEmpty()) {
      return null;
    }
    float[] q = new float[values().length];
    java.util.Arrays.fill(q, -1f);
    float star = -1f;
    for (String element : acceptEncoding.split(",")) {
      String[] parts = element.split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      float weight = 1f;
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].trim();
        if (param.length() > 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
          weight = qValue(param.substring(2).trim());
        }
      }
      if (name.equals("*")) {
        star = weight;
        continue;
      }
      for (ContentCoding coding : values()) {
        if (coding.token.equals(name) || coding == GZIP && name.equals("x-gzip")) {
          q[coding.ordinal()] = Math.max(q[coding.ordinal()], weight);
        }
      }
    }
    ContentCoding best = null;
    float bestQ = 0f;
    for (ContentCoding coding : values()) {
      float weight = q[coding.ordinal()] >= 0 ? q[coding.ordinal()] : star;
      if (offered.contains(coding) && weight > bestQ) {
        best = coding;
        bestQ = weight;
      }
    }
    return best;
  }

  /** A malformed q-value refuses the coding rather than failing the request. */
  private static float qValue(String text) {
    try {
      float value = Float.parseFloat(text);
      return value >= 0f && value <= 1f ? value : 0f;
    } catch (NumberFormatException e) {
      return 0f;
    }
  }
}
