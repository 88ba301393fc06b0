package io.fluxlit.logging;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

  private static final List<String> KEYS = List.of("fluxlit_sid", "auth_code", "token");

  @Test
  void redactsSensitiveQueryValuesAndKeepsTheRestReadable() {
    assertThat(Redaction.query("fluxlit_sid=abc&page=2", KEYS)).isEqualTo("fluxlit_sid=<redacted>&page=2");
    assertThat(Redaction.query("FLUXLIT_SID=abc", KEYS)).isEqualTo("FLUXLIT_SID=<redacted>");
    assertThat(Redaction.query("auth%5Fcode=x&q=a%20b", KEYS)).isEqualTo("auth%5Fcode=<redacted>&q=a%20b");
    assertThat(Redaction.query("fluxlit_sid=&x=1", KEYS)).isEqualTo("fluxlit_sid=&x=1");
    assertThat(Redaction.query("tokenx=1&xtoken=2&token=3", KEYS)).isEqualTo("tokenx=1&xtoken=2&token=<redacted>");
    assertThat(Redaction.query("flag&&token=s", KEYS)).isEqualTo("flag&&token=<redacted>");
    assertThat(Redaction.query("caf\u00e9=1&token=%zz", KEYS)).isEqualTo("caf\u00e9=1&token=<redacted>");
    assertThat(Redaction.query(null, KEYS)).isEmpty();
    assertThat(Redaction.query("", KEYS)).isEmpty();
  }

  @Test
  void redactsSecretHeaders() {
    assertThat(Redaction.header("Authorization", "Bearer abc")).isEqualTo("Bearer <redacted>");
    assertThat(Redaction.header("authorization", "basic Zm9v")).isEqualTo("Basic <redacted>");
    assertThat(Redaction.header("Authorization", "Digest x")).isEqualTo("<redacted>");
    assertThat(Redaction.header("Authorization", "  ")).isEmpty();
    assertThat(Redaction.header("Cookie", "s=1")).isEqualTo("<redacted>");
    assertThat(Redaction.header("Set-Cookie", "s=1")).isEqualTo("<redacted>");
    assertThat(Redaction.header("Proxy-Authorization", "Basic x")).isEqualTo("<redacted>");
    assertThat(Redaction.header("X-Api-Key", "k")).isEqualTo("<redacted>");
    assertThat(Redaction.header("Accept", "text/html")).isEqualTo("text/html");
    assertThat(Redaction.headers(List.of(Map.entry("Cookie", "a"), Map.entry("Accept", "x"))))
      .containsExactly(Map.entry("Cookie", "<redacted>"), Map.entry("Accept", "x"));
  }
}
