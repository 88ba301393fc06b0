package io.fluxlit.gateway.http;

import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies over {@code FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES} get 413 without contacting the upstream (docs/architecture.md#the-http-hop). */
@ExtendWith(VertxExtension.class)
class RequestBodyLimitTest {

  @Test
  void refusesOversizedBodiesWithoutContactingTheUpstream(Vertx vertx) {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES", "10"))) {
      Http http = new Http(vertx, gateway.port());
      Http.Response declared = http.send(http.options(HttpMethod.POST, "/upload"), Buffer.buffer("12345678901"));
      assertThat(declared.status()).isEqualTo(413);
      assertThat(declared.text()).startsWith(GatewayResponses.PAYLOAD_TOO_LARGE).contains(declared.requestId());

      Http.Response chunked = http.postChunked("/upload", "123456", "78901");
      assertThat(chunked.status()).isEqualTo(413);
      assertThat(upstream.requestCount()).isZero();

      Http.Response fits = http.postChunked("/upload", "12345", "67890");
      assertThat(fits.status()).isEqualTo(200);
      assertThat(fits.json().getString("body")).isEqualTo("1234567890");
    }
  }
}
