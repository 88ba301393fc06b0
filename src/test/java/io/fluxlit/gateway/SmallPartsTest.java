package io.fluxlit.gateway;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class SmallPartsTest {

  @Test
  void findsAnExplicitPortInTheHostHeader() {
    assertThat(ForwardedHeaders.explicitPort("example.com:8443")).isEqualTo("8443");
    assertThat(ForwardedHeaders.explicitPort("example.com")).isNull();
    assertThat(ForwardedHeaders.explicitPort("[::1]:8000")).isEqualTo("8000");
    assertThat(ForwardedHeaders.explicitPort("[::1]")).isNull();
    assertThat(ForwardedHeaders.explicitPort("::1")).isNull();
    assertThat(ForwardedHeaders.explicitPort("example.com:http")).isNull();
  }

  @Test
  void forwardsOnlySendableCloseCodes() {
    assertThat(CloseCodes.forward((short) 4001, (short) 1011)).isEqualTo((short) 4001);
    assertThat(CloseCodes.forward((short) 1000, (short) 1011)).isEqualTo((short) 1000);
    assertThat(CloseCodes.forward(null, (short) 1011)).isEqualTo((short) 1011);
    assertThat(CloseCodes.forward((short) 1005, (short) 1011)).isEqualTo((short) 1000);
    assertThat(CloseCodes.forward((short) 1006, (short) 1001)).isEqualTo((short) 1001);
  }

  @Test
  void mapsUpstreamErrorsToStatuses() {
    assertThat(UpstreamErrorMapper.classify(new NoStackTraceTimeoutException("t"))).isEqualTo(UpstreamFailure.TIMEOUT);
    assertThat(UpstreamErrorMapper.classify(new ConnectException("refused"))).isEqualTo(UpstreamFailure.REFUSED);
    assertThat(UpstreamErrorMapper.classify(new VertxException("wrapped", new ConnectException("x"))))
      .isEqualTo(UpstreamFailure.REFUSED);
    assertThat(UpstreamErrorMapper.classify(new VertxException("Connection was closed"))).isEqualTo(UpstreamFailure.RESET);
    assertThat(UpstreamFailure.TIMEOUT.status()).isEqualTo(504);
    assertThat(UpstreamFailure.REFUSED.status()).isEqualTo(502);
  }

  @Test
  void parsesUpstreams() {
    assertThat(Upstream.parse("http://127.0.0.1:8501")).isEqualTo(new Upstream(false, "127.0.0.1", 8501, ""));
    assertThat(Upstream.parse("https://st.example/base/")).isEqualTo(new Upstream(true, "st.example", 443, "/base"));
    assertThat(Upstream.parse("http://[::1]:9000").authority()).isEqualTo("[::1]:9000");
    assertThat(Upstream.parse("")).isNull();
  }
}
