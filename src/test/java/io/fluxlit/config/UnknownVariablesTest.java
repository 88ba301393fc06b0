package io.fluxlit.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownVariablesTest {

  @Test
  void warnsAboutUnknownFluxLitVariablesWithTheClosestSetting() {
    assertThat(UnknownVariables.warnings(Map.of(
      "FLUXLIT_GATWAY_PORT", "9000",
      "FLUXLIT_GATEWAY_HOST", "0.0.0.0",
      "FLUXLIT_INTERNAL_API_BASE", "http://127.0.0.1:8000/api",
      "PATH", "/usr/bin",
      "FLUXLIT_DEBUGG", "1")))
      .containsExactly(
        "unknown variable FLUXLIT_DEBUGG is ignored (did you mean FLUXLIT_DEBUG?)",
        "unknown variable FLUXLIT_GATWAY_PORT is ignored (did you mean FLUXLIT_GATEWAY_PORT?)");
  }

  @Test
  void staysQuietForSettingsAndOtherVariables() {
    assertThat(UnknownVariables.warnings(Map.of("FLUXLIT_GATEWAY_PORT", "1", "HOME", "/root"))).isEmpty();
    assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
  }
}
