package io.fluxlit.gateway;

import io.fluxlit.testing.GatewayOverFixture;
import io.fluxlit.testing.Http;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

/** The gateway dispatches on the normalised path and forwards that same path, never another host (docs/architecture.md#dispatch). */
class DispatchPathTest {

  @RegisterExtension
  static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject());

  @Test
  void neverForwardsAnAbsoluteFormTargetToAnotherHost() throws Exception {
    String answer = Http.raw(PROXY.gateway().port(), "GET http://evil.example:9/zzz?q=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(PROXY.upstream().nextRequest().getString("uri")).isEqualTo("/zzz?q=1");
  }

  @Test
  void dispatchesOnTheNormalisedPathAndForwardsThatSamePath() throws Exception {
    // Prefix rules: /api and /api/ are the API; /apix is Streamlit's.
    assertThat(PROXY.http().get("/api").json()).isEqualTo(new JsonObject().put("detail", "Not Found"));
    assertThat(PROXY.http().get("/api/").status()).isEqualTo(404);
    assertThat(PROXY.http().get("/apix").status()).isEqualTo(200);
    assertThat(PROXY.upstream().nextRequest().getString("uri")).isEqualTo("/apix");

    // Dot segments and doubled slashes cannot make the gateway and upstream disagree.
    assertThat(PROXY.http().get("/api/../x").status()).isEqualTo(200);
    assertThat(PROXY.upstream().nextRequest().getString("uri")).isEqualTo("/x");
    assertThat(PROXY.http().get("/api/%2e%2e/_stcore/y").status()).isEqualTo(200);
    assertThat(PROXY.upstream().nextRequest().getString("uri")).isEqualTo("/_stcore/y");
    assertThat(PROXY.http().get("/x/../api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(PROXY.http().get("/%2e%2e/api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(PROXY.http().get("//api//healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(PROXY.http().get("/%61pi/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
    // None of the API requests reached the upstream: the next request it sees is this one.
    PROXY.http().get("/still/../upstream");
    assertThat(PROXY.upstream().nextRequest().getString("uri")).isEqualTo("/upstream");
  }
}
