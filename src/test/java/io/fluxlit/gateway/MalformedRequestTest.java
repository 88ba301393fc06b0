package io.fluxlit.gateway;

import io.fluxlit.testing.GatewayOverFixture;
import io.fluxlit.testing.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

/** Malformed or ambiguously framed requests get the right 4xx with a request ID and never reach the upstream. */
class MalformedRequestTest {

  @RegisterExtension
  static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject());

  @Test
  void answersMalformedRequestsWithTheRightStatusAndARequestId() throws Exception {
    String longLine = Http.raw(PROXY.gateway().port(), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(longLine).matches("(?s)HTTP/1\\.[01] 414.*").containsIgnoringCase("x-request-id: ");
    String bigHeaders = Http.raw(PROXY.gateway().port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");
    assertThat(bigHeaders).matches("(?s)HTTP/1\\.[01] 431.*").containsIgnoringCase("x-request-id: ");
  }

  @Test
  void refusesAmbiguousFramingWithoutForwardingIt() throws Exception {
    int before = PROXY.upstream().requestCount();
    String answer = Http.raw(PROXY.gateway().port(), "POST /smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("x-request-id: ");
    assertThat(PROXY.upstream().requestCount()).isEqualTo(before);
  }
}
