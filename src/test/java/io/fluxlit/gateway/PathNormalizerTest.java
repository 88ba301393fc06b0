package io.fluxlit.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PathNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/, /",
    "'', /",
    "/a/b, /a/b",
    "/a/b/, /a/b/",
    "a/b, /a/b",
    "//api//healthz, /api/healthz",
    "/api/../x, /x",
    "/x/../api/healthz, /api/healthz",
    "/../../etc/passwd, /etc/passwd",
    "/%2e%2e/api/healthz, /api/healthz",
    "/%2E%2e/api, /api",
    "/a/./b, /a/b",
    "/a/%2E/b, /a/b",
    "/a/.., /",
    "/a/b/.., /a/",
    "/%61pi/x, /api/x",
    "/a%2fb, /a%2Fb",
    "/a%20b, /a%20b",
    "/caf%c3%a9, /caf%C3%A9",
    "/.hidden/file, /.hidden/file",
    "/a..b, /a..b",
    "/%zz, /%zz",
  })
  void normalises(String raw, String expected) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(expected);
  }
}
