package io.fluxlit.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedLinesTest {

  @Test
  void eachKeyOnceAWindow() {
    RepeatedLines lines = new RepeatedLines();
    assertThat(lines.first("a", 0)).isTrue();
    assertThat(lines.first("a", 1)).as("the same key within the window").isFalse();
    assertThat(lines.first("b", 2)).as("another key").isTrue();
    assertThat(lines.first("a", RepeatedLines.WINDOW_MS - 1)).isFalse();
    assertThat(lines.first("a", RepeatedLines.WINDOW_MS)).as("the next window").isTrue();
  }

  @Test
  void aFloodOfKeysIsCapped() {
    RepeatedLines lines = new RepeatedLines();
    int logged = 0;
    for (int i = 0; i < 1000; i++) {
      logged += lines.first("origin-" + i, 10) ? 1 : 0;
    }
    assertThat(logged).isEqualTo(RepeatedLines.MAX_KEYS_PER_WINDOW);
  }
}
