package io.fluxlit.gateway.http;

import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream down, slow to connect, or answering non-2xx: 502/504 and readiness, never a hang (docs/architecture.md#the-http-hop). */
@ExtendWith(VertxExtension.class)
class UpstreamFailureTest {

  @Test
  void answers502WhileTheUpstreamIsDownAndRecoversWhenItReturns(Vertx vertx) {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()))) {
      Http http = new Http(vertx, gateway.port());
      assertThat(http.get("/page").status()).isEqualTo(200);
      assertThat(http.get("/api/readyz").json())
        .isEqualTo(new JsonObject().put("status", "ready").put("streamlit", "ok"));

      upstream.stop();
      Http.Response down = http.get("/page", "X-Request-ID", "down-1");
      assertThat(down.status()).isEqualTo(502);
      assertThat(down.requestId()).isEqualTo("down-1");
      assertThat(down.headers().get("content-type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(down.text()).contains("Bad Gateway").contains("down-1");
      Http.Response notReady = http.get("/api/readyz");
      assertThat(notReady.status()).isEqualTo(503);
      assertThat(notReady.json().getString("status")).isEqualTo("not_ready");
      assertThat(notReady.json().getString("detail")).isNotBlank();
      assertThat(http.get("/api/healthz").status()).isEqualTo(200);

      upstream.start();
      assertThat(http.get("/page").status()).isEqualTo(200);
      assertThat(http.get("/api/readyz").status()).isEqualTo(200);
      assertThat(http.get("/api/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void reportsANon2xxRootAsNotReadyInThePythonFluxLitsFormat(Vertx vertx) {
    // A second FluxLit with nothing behind it answers its root with 502: a real non-2xx upstream.
    // It gets its own Vert.x, as it would be its own process.
    Vertx other = Vertx.vertx();
    try (Gateway inner = Gateway.start(other, new JsonObject());
         Gateway outer = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", inner.url()))) {
      Http.Response response = new Http(vertx, outer.port()).get("/api/readyz");
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.json()).isEqualTo(new JsonObject()
        .put("status", "not_ready").put("detail", "upstream_http_failed /:502"));
    } finally {
      other.close().await();
    }
  }

  @Test
  void withoutAnUpstreamAnswersThePythonFluxLitsTextButStillServesTheApiAndRedirects(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject())) {
      Http http = new Http(vertx, gateway.port());
      Http.Response missing = http.get("/");
      assertThat(missing.status()).isEqualTo(502);
      assertThat(missing.text()).startsWith(GatewayResponses.UPSTREAM_MISSING).contains(missing.requestId());
      assertThat(http.get("/api/readyz").json())
        .isEqualTo(new JsonObject().put("status", "ready").put("streamlit", "not_configured"));
      assertThat(http.get("/api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
      assertThat(http.get("/docs").status()).isEqualTo(307);
      assertThat(http.get("/api/openapi.json").json().getString("openapi")).isEqualTo("3.1.0");
    }
  }

  @Test
  void answers504WhenTheUpstreamCannotBeConnectedInTime(Vertx vertx) throws Exception {
    // A listener whose accept queue is full: Linux drops further SYNs, so connecting hangs.
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Socket filler = new Socket();
        try {
          filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 200);
          fillers.add(filler);
        } catch (IOException full) {
          filler.close();
          break;
        }
      }
      try (Gateway gateway = Gateway.start(vertx, new JsonObject()
             .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + listener.getLocalPort())
             .put("FLUXLIT_GATEWAY_UPSTREAM_CONNECT_TIMEOUT_S", "0.5"))) {
        Http.Response response = new Http(vertx, gateway.port()).get("/page", "X-Request-ID", "connect-slow");
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.text()).contains("connect-slow");
      } finally {
        for (Socket filler : fillers) {
          filler.close();
        }
      }
    }
  }
}
