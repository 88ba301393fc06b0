package io.fluxlit.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The claims that name a user, read one way for the gate's session and the API's caller (docs/auth.md). */
class UserClaimsTest {

  @Test
  void readsTheNamingClaims() {
    UserClaims user = UserClaims.of(new JsonObject().put("sub", "s-1").put("email", "alice@example.com")
      .put("preferred_username", "alice").put("name", "Alice").put("groups", new JsonArray().add("analysts"))
      .put("email_verified", true));
    assertThat(user).isEqualTo(new UserClaims("s-1", "alice@example.com", "alice", "Alice",
      java.util.List.of("analysts"), true));
  }

  @Test
  void aClaimThatIsNotTextIsAbsent() {
    UserClaims user = UserClaims.of(new JsonObject().put("sub", 42).put("email", new JsonObject())
      .put("preferred_username", true));
    assertThat(user.subject()).isNull();
    assertThat(user.email()).isNull();
    assertThat(user.preferredUsername()).isNull();
    assertThat(user.name()).isNull();
    assertThat(user.groups()).isEmpty();
  }

  @Test
  void groupsAreAListOrOneNameWithoutBlankOrNonTextEntries() {
    JsonArray mixed = new JsonArray(Arrays.asList("analysts", null, " ", 7, new JsonObject(), "readers"));
    assertThat(UserClaims.of(new JsonObject().put("groups", mixed)).groups()).containsExactly("analysts", "readers");
    assertThat(UserClaims.of(new JsonObject().put("groups", "analysts")).groups()).containsExactly("analysts");
    assertThat(UserClaims.of(new JsonObject().put("groups", " ")).groups()).isEmpty();
  }

  @Test
  void anEmailIsVerifiedUnlessTheProviderSaysOtherwise() {
    assertThat(UserClaims.of(new JsonObject()).emailVerified()).isTrue();
    assertThat(UserClaims.of(new JsonObject().put("email_verified", false)).emailVerified()).isFalse();
  }
}
