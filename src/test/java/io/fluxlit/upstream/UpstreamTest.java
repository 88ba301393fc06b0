package io.fluxlit.upstream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamTest {

  @Test
  void parsesUpstreams() {
    assertThat(Upstream.parse("http://127.0.0.1:8501")).isEqualTo(new Upstream(false, "127.0.0.1", 8501, ""));
    assertThat(Upstream.parse("https://st.example/base/")).isEqualTo(new Upstream(true, "st.example", 443, "/base"));
    assertThat(Upstream.parse("http://[::1]:9000").authority()).isEqualTo("[::1]:9000");
    assertThat(Upstream.parse("")).isNull();
  }
}
