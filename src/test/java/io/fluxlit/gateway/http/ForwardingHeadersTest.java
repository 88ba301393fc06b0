package io.fluxlit.gateway.http;

import io.fluxlit.testing.GatewayOverFixture;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

/** The {@code X-Forwarded-*} headers the gateway writes, and the public host it keeps (docs/architecture.md#the-http-hop). */
class ForwardingHeadersTest {

  @RegisterExtension
  static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject());

  @Test
  void writesForwardingHeadersAndKeepsThePublicHost() throws Exception {
    PROXY.http().send(PROXY.http().options(HttpMethod.GET, "/page?x=1").setHost("public.example").setPort(8443), null,
      "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example",
      "X-Forwarded-Prefix", "/evil", "Forwarded", "for=6.6.6.6");
    JsonObject headers = PROXY.upstream().nextRequest().getJsonObject("headers");
    assertThat(headers.getJsonArray("host")).containsExactly("public.example:8443");
    assertThat(headers.getJsonArray("x-forwarded-host")).containsExactly("public.example:8443");
    assertThat(headers.getJsonArray("x-forwarded-proto")).containsExactly("http");
    assertThat(headers.getJsonArray("x-forwarded-port")).containsExactly("8443");
    assertThat(headers.getJsonArray("x-forwarded-for")).containsExactly("127.0.0.1");
    assertThat(headers.containsKey("x-forwarded-prefix")).isFalse();
    assertThat(headers.containsKey("forwarded")).isFalse();
  }

  @Test
  void omitsForwardedPortWhenTheHostNamesNone() throws Exception {
    PROXY.http().send(PROXY.http().options(HttpMethod.GET, "/page").putHeader("host", "public.example"), null);
    JsonObject headers = PROXY.upstream().nextRequest().getJsonObject("headers");
    assertThat(headers.getJsonArray("host")).containsExactly("public.example");
    assertThat(headers.containsKey("x-forwarded-port")).isFalse();
  }
}
