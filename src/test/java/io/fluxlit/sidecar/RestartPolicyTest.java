package io.fluxlit.sidecar;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The backoff doubles up to its maximum, a crash loop ends, and a stable child starts over. */
class RestartPolicyTest {

  @Test
  void backoffDoublesUpToTheMaximumThenGivesUp() {
    RestartPolicy policy = new RestartPolicy(6, 500, 3_000);
    assertThat(policy.nextDelayMs(0)).isEqualTo(500);
    assertThat(policy.restartsInARow()).isEqualTo(1);
    assertThat(policy.nextDelayMs(0)).isEqualTo(1_000);
    assertThat(policy.nextDelayMs(1_000)).isEqualTo(2_000);
    assertThat(policy.nextDelayMs(0)).isEqualTo(3_000);
    assertThat(policy.nextDelayMs(0)).isEqualTo(3_000);
    assertThat(policy.nextDelayMs(0)).isEqualTo(3_000);
    assertThat(policy.restartsInARow()).isEqualTo(6);
    assertThat(policy.nextDelayMs(0)).isEqualTo(RestartPolicy.GIVE_UP);
    assertThat(policy.nextDelayMs(0)).as("stays given up").isEqualTo(RestartPolicy.GIVE_UP);
  }

  @Test
  void aChildThatStayedHealthyStartsTheCountAndTheBackoffOver() {
    RestartPolicy policy = new RestartPolicy(2, 500, 30_000);
    assertThat(policy.nextDelayMs(0)).isEqualTo(500);
    assertThat(policy.nextDelayMs(RestartPolicy.STABLE_MS - 1)).isEqualTo(1_000);
    assertThat(policy.nextDelayMs(RestartPolicy.STABLE_MS)).isEqualTo(500);
    assertThat(policy.restartsInARow()).isEqualTo(1);
    assertThat(policy.nextDelayMs(0)).isEqualTo(1_000);
    assertThat(policy.nextDelayMs(0)).isEqualTo(RestartPolicy.GIVE_UP);
  }

  @Test
  void zeroMeansNeverRestart() {
    assertThat(new RestartPolicy(0, 500, 30_000).nextDelayMs(RestartPolicy.STABLE_MS * 10))
      .isEqualTo(RestartPolicy.GIVE_UP);
  }

  @Test
  void manyRestartsDoNotOverflowTheDelay() {
    RestartPolicy policy = new RestartPolicy(1000, 1, 30_000);
    long last = 0;
    for (int i = 0; i < 1000; i++) {
      last = policy.nextDelayMs(0);
      assertThat(last).isBetween(1L, 30_000L);
    }
    assertThat(last).isEqualTo(30_000);
  }
}
