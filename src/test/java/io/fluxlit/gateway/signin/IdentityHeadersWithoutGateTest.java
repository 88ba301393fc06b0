package io.fluxlit.gateway.signin;

import io.fluxlit.testing.GatewayOverFixture;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the sign-in gate, no client speaks for a user either (docs/auth.md#identity-in-the-app). */
class IdentityHeadersWithoutGateTest {

  @RegisterExtension
  static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject());

  @Test
  void identityHeadersAClientSendsNeverReachStreamlit() throws Exception {
    PROXY.http().get("/page", "X-Forwarded-User", "admin", "X-Forwarded-Email", "admin@example.com",
      "X-Forwarded-Preferred-Username", "admin", "X-Forwarded-Groups", "admins", "X-Other", "kept");
    JsonObject headers = PROXY.upstream().nextRequest().getJsonObject("headers");
    assertThat(headers.fieldNames()).doesNotContain("x-forwarded-user", "x-forwarded-email",
      "x-forwarded-preferred-username", "x-forwarded-groups").contains("x-other");
  }
}
