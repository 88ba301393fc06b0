package io.fluxlit.gateway.websocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloseCodesTest {

  @Test
  void forwardsOnlySendableCloseCodes() {
    assertThat(CloseCodes.forward((short) 4001, (short) 1011)).isEqualTo((short) 4001);
    assertThat(CloseCodes.forward((short) 1000, (short) 1011)).isEqualTo((short) 1000);
    assertThat(CloseCodes.forward(null, (short) 1011)).isEqualTo((short) 1011);
    assertThat(CloseCodes.forward((short) 1005, (short) 1011)).isEqualTo((short) 1000);
    assertThat(CloseCodes.forward((short) 1006, (short) 1001)).isEqualTo((short) 1001);
  }
}
