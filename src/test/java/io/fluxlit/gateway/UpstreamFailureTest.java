package io.fluxlit.gateway;

import io.fluxlit.gateway.upstream.GatewayResponses;
import io.fluxlit.gateway.upstream.Upstream;
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

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream down, slow to connect, or absent; request-body limits (docs/architecture.md#the-http-hop, docs/observability.md#redaction). */
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
  void reportsANon2xxRootAsNotReadyInTheReferenceFormat(Vertx vertx) {
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
  void withoutAnUpstreamAnswersTheReferenceTextButStillServesTheApiAndRedirects(Vertx vertx) {
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

  @Test
  void servesASubPathWithFullAndStrippedPaths(Vertx vertx) throws Exception {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ROOT_PATH", "myapp/"))) {
      Http http = new Http(vertx, gateway.port());
      http.get("/myapp/page?x=1");
      JsonObject full = upstream.nextRequest();
      assertThat(full.getString("uri")).isEqualTo("/myapp/page?x=1");
      assertThat(full.getJsonObject("headers").getJsonArray("x-forwarded-prefix")).containsExactly("/myapp");
      http.get("/page");
      assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/myapp/page");
      http.get("/myapp");
      assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/myapp");
      http.get("/myappx");
      assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/myapp/myappx");
      assertThat(http.get("/myapp/api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
      assertThat(http.get("/api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
      assertThat(http.get("/myapp/docs").headers().get("location")).isEqualTo("/myapp/api/docs");
      assertThat(http.get("/myapp/api/openapi.json").json().getJsonArray("servers").getJsonObject(0).getString("url"))
        .isEqualTo("/myapp/api");
    }
  }

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
