package io.fluxlit.gateway.upstream;

import io.fluxlit.exchange.UpstreamFailure;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamErrorMapperTest {

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
  @Timeout(5)
  void aCauseChainThatLoopsEndsAsAReset() {
    // An exception whose cause chain comes back to itself must not loop for ever.
    RuntimeException first = new RuntimeException("first");
    RuntimeException second = new RuntimeException("second", first);
    first.initCause(second);
    assertThat(UpstreamErrorMapper.classify(first)).isEqualTo(UpstreamFailure.RESET);
  }
}
