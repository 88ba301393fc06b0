package io.fluxlit.gateway.upstream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersTest {

  @Test
  void findsAnExplicitPortInTheHostHeader() {
    assertThat(ForwardedHeaders.explicitPort("example.com:8443")).isEqualTo("8443");
    assertThat(ForwardedHeaders.explicitPort("example.com")).isNull();
    assertThat(ForwardedHeaders.explicitPort("[::1]:8000")).isEqualTo("8000");
    assertThat(ForwardedHeaders.explicitPort("[::1]")).isNull();
    assertThat(ForwardedHeaders.explicitPort("::1")).isNull();
    assertThat(ForwardedHeaders.explicitPort("example.com:http")).isNull();
  }
}
