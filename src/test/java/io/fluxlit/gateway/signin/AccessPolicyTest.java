package io.fluxlit.gateway.signin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may enter once signed in (docs/auth.md#who-may-enter). */
class AccessPolicyTest {

  private static SignedInUser user(String email, boolean verified, String... groups) {
    return SignedInUser.ofClaims(new JsonObject().put("sub", "s-1").put("email", email)
      .put("email_verified", verified).put("groups", new JsonArray(List.of(groups))));
  }

  @Test
  void letsInAUserMatchingAnyListAndEveryoneWhenTheListsAreEmpty() {
    assertThat(new AccessPolicy(List.of(), List.of(), List.of()).allows(user("x@y.z", false))).isTrue();
    AccessPolicy policy = new AccessPolicy(List.of("Carol@Example.org"), List.of("@example.com"), List.of("analysts"));
    assertThat(policy.allows(user("carol@example.org", true))).isTrue();
    assertThat(policy.allows(user("dave@EXAMPLE.com", true))).isTrue();
    assertThat(policy.allows(user("bob@other.org", true, "analysts"))).isTrue();
    assertThat(policy.allows(user("bob@other.org", true, "Analysts"))).isFalse();
    assertThat(policy.allows(user("eve@example.com.evil.org", true))).isFalse();
  }

  @Test
  void anUnverifiedEmailMatchesNoEmailOrDomain() {
    AccessPolicy policy = new AccessPolicy(List.of("carol@example.org"), List.of("example.com"), List.of());
    assertThat(policy.allows(user("carol@example.org", false))).isFalse();
    assertThat(policy.allows(user("dave@example.com", false))).isFalse();
    assertThat(SignedInUser.ofClaims(new JsonObject().put("sub", "s").put("email", "a@example.com")).emailVerified())
      .as("no email_verified claim: the provider vouches for it").isTrue();
  }
}
