package io.fluxlit.logging;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdPolicyTest {

  private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @Test
  void keepsATrimmedVisibleAsciiId() {
    assertThat(RequestIdPolicy.resolve("  fixed  ")).isEqualTo("fixed");
    assertThat(RequestIdPolicy.resolve("x".repeat(128))).hasSize(128);
  }

  @Test
  void replacesMissingEmptyLongOrUnsafeIds() {
    for (String bad : new String[] {null, "", "   ", "x".repeat(129), "a b", "line\nbreak", "nul\u0000inside", "\u00e9t\u00e9"}) {
      assertThat(RequestIdPolicy.resolve(bad)).as(String.valueOf(bad)).matches(UUID_V4);
    }
  }

  @Test
  void generatesDistinctIds() {
    assertThat(RequestIdPolicy.generate()).isNotEqualTo(RequestIdPolicy.generate());
  }

  @Test
  void generatedIdsAreVersion4UuidsWithTheIetfVariant() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIdPolicy.generate();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).as(id).isEqualTo(4);
      assertThat(uuid.variant()).as(id).isEqualTo(2);
      assertThat(id).matches(UUID_V4);
      seen.add(id);
    }
    assertThat(seen).hasSize(10_000);
  }
}
