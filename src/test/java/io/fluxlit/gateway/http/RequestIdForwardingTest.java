package io.fluxlit.gateway.http;

import io.fluxlit.testing.GatewayOverFixture;
import io.fluxlit.testing.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

/** The request ID on the HTTP hop: generated, kept when valid (trimmed) or replaced, and sent upstream and back (docs/observability.md#request-ids). */
class RequestIdForwardingTest {

  private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @RegisterExtension
  static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject());

  @Test
  void generatesARequestIdAndSendsItUpstreamAndBack() throws Exception {
    Http.Response response = PROXY.http().get("/page");
    JsonObject seen = PROXY.upstream().nextRequest();
    String upstreamId = seen.getJsonObject("headers").getJsonArray("x-request-id").getString(0);
    assertThat(upstreamId).matches(UUID_V4);
    assertThat(response.requestId()).isEqualTo(upstreamId);
    assertThat(response.headers().getAll("x-request-id")).hasSize(1);

    PROXY.http().get("/page");
    String second = PROXY.upstream().nextRequest().getJsonObject("headers").getJsonArray("x-request-id").getString(0);
    assertThat(second).isNotEqualTo(upstreamId);
  }

  @Test
  void keepsAValidClientRequestIdTrimmed() throws Exception {
    Http.Response response = PROXY.http().get("/page", "X-Request-ID", "  ticket-42.abc  ");
    JsonObject seen = PROXY.upstream().nextRequest();
    assertThat(seen.getJsonObject("headers").getJsonArray("x-request-id")).containsExactly("ticket-42.abc");
    assertThat(response.requestId()).isEqualTo("ticket-42.abc");
  }

  @Test
  void replacesAnUnacceptableClientRequestId() throws Exception {
    for (String bad : new String[] {"two words", "x".repeat(129), "tab\there", "caf\u00e9"}) {
      Http.Response response = PROXY.http().get("/page", "X-Request-ID", bad);
      JsonObject seen = PROXY.upstream().nextRequest();
      assertThat(seen.getJsonObject("headers").getJsonArray("x-request-id")).hasSize(1);
      String used = seen.getJsonObject("headers").getJsonArray("x-request-id").getString(0);
      assertThat(used).as("replacement for %s", bad).matches(UUID_V4);
      assertThat(response.requestId()).isEqualTo(used);
    }
  }
}
