package io.fluxlit.gateway.http;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS} caps the upstream connections of the whole process
 * (the Python FluxLit's meaning), however many gateway instances there are;
 * {@code FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS} is per instance (docs/configuration.md).
 */
@ExtendWith(VertxExtension.class)
class UpstreamPoolSizeTest {

  /**
   * @return the most upstream connections in use at once while twelve requests ran through two
   *     instances: the most pages the upstream was answering at once, one per connection (HTTP/1.1,
   *     no pipelining). Not the connections seen in all: a pooled connection may be replaced, which
   *     is no breach of the cap.
   */
  private static int upstreamConnections(Vertx vertx, String setting) {
    // Only the pages count: the health prober also calls this upstream, on a client of its own.
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    HttpServer upstream = vertx.createHttpServer()
      .requestHandler(request -> {
        boolean page = request.path().startsWith("/page/");
        if (page) {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }
        vertx.setTimer(200, id -> {
          if (page) {
            inFlight.decrementAndGet();
          }
          request.response().end("ok");
        });
      })
      .listen(0, "127.0.0.1").await();
    try (Gateway gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort())
      .put("FLUXLIT_GATEWAY_INSTANCES", "2")
      .put(setting, "1"))) {
      // Twelve client connections: the gateway's two instances each get some of them.
      var client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(12));
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        answers.add(client.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/page/" + i)
          .compose(r -> r.send()).map(r -> r.statusCode()));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.await()).isEqualTo(200);
      }
      client.close().await();
      return most.get();
    } finally {
      upstream.close().await();
    }
  }

  @Test
  void thePythonFluxLitsNameIsACapForTheWholeProcess(Vertx vertx) {
    assertThat(upstreamConnections(vertx, "FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS"))
      .as("upstream connections with FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS=1 and 2 instances").isEqualTo(1);
  }

  @Test
  void ourNameIsPerGatewayInstance(Vertx vertx) {
    assertThat(upstreamConnections(vertx, "FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS"))
      .as("upstream connections with FLUXLIT_GATEWAY_UPSTREAM_MAX_CONNECTIONS=1 and 2 instances").isEqualTo(2);
  }
}
