package io.fluxlit.gateway.http;

import io.fluxlit.testing.GatewayOverFixture;
import io.fluxlit.testing.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

/** Hop-by-hop headers stay on their hop, both ways; end-to-end ones, every Set-Cookie included, pass (docs/architecture.md#the-http-hop). */
class HopByHopHeadersTest {

  @RegisterExtension
  static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject());

  @Test
  void dropsHopByHopHeadersIncludingThoseNamedInConnection() throws Exception {
    String answer = Http.raw(PROXY.gateway().port(), "GET /page HTTP/1.1\r\n"
      + "Host: 127.0.0.1\r\n"
      + "Connection: keep-alive, X-Secret-Hop\r\n"
      + "X-Secret-Hop: must-not-pass\r\n"
      + "Keep-Alive: timeout=5\r\n"
      + "TE: trailers\r\n"
      + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
      + "Proxy-Connection: keep-alive\r\n"
      + "Cookie: session=abc\r\n"
      + "Authorization: Bearer token\r\n"
      + "Origin: http://127.0.0.1\r\n"
      + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
      + "tracestate: vendor=1\r\n"
      + "\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    JsonObject headers = PROXY.upstream().nextRequest().getJsonObject("headers");
    assertThat(headers.fieldNames()).doesNotContain("x-secret-hop", "keep-alive", "te", "proxy-authorization",
      "proxy-connection");
    assertThat(headers.getJsonArray("cookie")).containsExactly("session=abc");
    assertThat(headers.getJsonArray("authorization")).containsExactly("Bearer token");
    assertThat(headers.getJsonArray("origin")).containsExactly("http://127.0.0.1");
    assertThat(headers.getJsonArray("traceparent")).hasSize(1);
    assertThat(headers.getJsonArray("tracestate")).containsExactly("vendor=1");
  }

  @Test
  void dropsHopByHopResponseHeadersAndTheUpstreamsRequestId() {
    Http.Response response = PROXY.http().get("/hop");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().contains("x-secret-hop")).isFalse();
    assertThat(response.headers().contains("keep-alive")).isFalse();
    assertThat(response.headers().get("x-kept")).isEqualTo("yes");
    assertThat(response.headers().getAll("x-request-id")).hasSize(1).doesNotContain("upstream-made-this");
  }

  @Test
  void keepsEverySetCookie() {
    Http.Response response = PROXY.http().get("/cookies");
    assertThat(response.headers().getAll("set-cookie"))
      .containsExactly("a=1; Path=/", "b=2; Path=/; HttpOnly", "c=3");
  }
}
