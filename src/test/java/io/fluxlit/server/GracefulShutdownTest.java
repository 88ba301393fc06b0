package io.fluxlit.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signal, the shutdown hook and a failed start-up each claim the end of the process; only the
 * first may run its stop path.
 */
class GracefulShutdownTest {

  @Test
  void theFirstClaimWinsAndEveryLaterOneIsRefused() {
    GracefulShutdown shutdown = new GracefulShutdown(1000, new StopPlan());
    assertThat(shutdown.claim()).as("the first claim (a failed start-up)").isTrue();
    assertThat(shutdown.claim()).as("a signal after it").isFalse();
    assertThat(shutdown.claim()).as("the shutdown hook after it").isFalse();
  }
}
