package io.fluxlit.gateway.http.assets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.fluxlit.gateway.http.assets.ContentCoding.BR;
import static io.fluxlit.gateway.http.assets.ContentCoding.GZIP;
import static io.fluxlit.gateway.http.assets.ContentCoding.ZSTD;
import static io.fluxlit.gateway.http.assets.ContentCoding.negotiate;
import static org.assertj.core.api.Assertions.assertThat;

/** The coding chosen for an Accept-Encoding header: q-values first, then br, zstd, gzip. */
class ContentCodingTest {

  private static final List<ContentCoding> ALL = List.of(BR, ZSTD, GZIP);

  @Test
  void prefersBrThenZstdThenGzipAtEqualQuality() {
    assertThat(negotiate("gzip, deflate, br, zstd", ALL)).isEqualTo(BR);
    assertThat(negotiate("gzip, zstd", ALL)).isEqualTo(ZSTD);
    assertThat(negotiate("gzip", ALL)).isEqualTo(GZIP);
    assertThat(negotiate("x-gzip", ALL)).isEqualTo(GZIP);
    assertThat(negotiate("gzip, br", List.of(ZSTD, GZIP))).as("only what is offered").isEqualTo(GZIP);
  }

  @Test
  void followsTheQValues() {
    assertThat(negotiate("gzip;q=1, br;q=0.5", ALL)).isEqualTo(GZIP);
    assertThat(negotiate("br;q=0.2, zstd;q=0.9, gzip;q=0.5", ALL)).isEqualTo(ZSTD);
    assertThat(negotiate("BR;Q=0.8 , GZIP ; q=0.7", ALL)).isEqualTo(BR);
  }

  @Test
  void neverSendsARefusedCoding() {
    assertThat(negotiate("br;q=0, gzip", ALL)).isEqualTo(GZIP);
    assertThat(negotiate("*;q=0, gzip;q=0.1", ALL)).isEqualTo(GZIP);
    assertThat(negotiate("br;q=0, zstd;q=0, gzip;q=0", ALL)).isNull();
    assertThat(negotiate("br;q=nonsense, gzip", ALL)).isEqualTo(GZIP);
  }

  @Test
  void wildcardStandsForTheCodingsNotNamed() {
    assertThat(negotiate("*", ALL)).isEqualTo(BR);
    assertThat(negotiate("br;q=0, *", ALL)).isEqualTo(ZSTD);
    assertThat(negotiate("gzip;q=0.5, *;q=0.1", ALL)).isEqualTo(GZIP);
  }

  @Test
  void identityWhenNothingUsableIsAccepted() {
    assertThat(negotiate(null, ALL)).isNull();
    assertThat(negotiate("", ALL)).isNull();
    assertThat(negotiate("identity", ALL)).isNull();
    assertThat(negotiate("deflate", ALL)).isNull();
    assertThat(negotiate("gzip", List.of())).isNull();
  }
}
