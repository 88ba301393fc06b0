package io.fluxlit.gateway;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;

/** Forwarding headers from the client are believed only from trusted proxies ({@code FLUXLIT_TRUST_PROXY}, {@code FLUXLIT_FORWARDED_ALLOW_IPS}). */
@ExtendWith(VertxExtension.class)
class TrustedProxyTest {

  @Test
  void believesForwardingHeadersOnlyFromTrustedProxies(Vertx vertx) throws Exception {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway trusting = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_TRUST_PROXY", "1"));
         Gateway untrusting = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_TRUST_PROXY", "1")
           .put("FLUXLIT_FORWARDED_ALLOW_IPS", "10.1.2.3"))) {
      new Http(vertx, trusting.port()).get("/p", "X-Forwarded-For", "203.0.113.9, 127.0.0.1", "X-Forwarded-Proto", "https");
      JsonObject trusted = upstream.nextRequest().getJsonObject("headers");
      assertThat(trusted.getJsonArray("x-forwarded-for")).containsExactly("203.0.113.9");
      assertThat(trusted.getJsonArray("x-forwarded-proto")).containsExactly("https");

      new Http(vertx, untrusting.port()).get("/p", "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https");
      JsonObject untrusted = upstream.nextRequest().getJsonObject("headers");
      assertThat(untrusted.getJsonArray("x-forwarded-for")).containsExactly("127.0.0.1");
      assertThat(untrusted.getJsonArray("x-forwarded-proto")).containsExactly("http");
    }
  }
}
