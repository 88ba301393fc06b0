package io.fluxlit.gateway.http;

import io.fluxlit.testing.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.fluxlit.testing.Conditions.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code FLUXLIT_GATEWAY_UPSTREAM_KEEPALIVE_TIMEOUT_S}: the gateway closes an idle pooled connection
 * to Streamlit itself, before the upstream's own keep-alive timeout would (Uvicorn's 5 s), so that
 * no request is sent on a connection the upstream is closing (docs/performance.md, the cold crowd).
 */
@ExtendWith(VertxExtension.class)
class UpstreamKeepAliveTest {

  @Test
  void anIdleUpstreamConnectionIsClosedByTheGatewayAfterTheTimeout(Vertx vertx) {
    // An upstream that never closes an idle connection itself: only the gateway can.
    Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    Set<HttpConnection> used = ConcurrentHashMap.newKeySet();
    HttpServer upstream = vertx.createHttpServer()
      .requestHandler(request -> {
        if (request.path().equals("/page") && used.add(request.connection())) {
          open.add(request.connection());
          request.connection().closeHandler(v -> open.remove(request.connection()));
        }
        request.response().end("ok");
      })
      .listen(0, "127.0.0.1").await();
    try (Gateway gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort())
      .put("FLUXLIT_GATEWAY_INSTANCES", "1")
      .put("FLUXLIT_GATEWAY_UPSTREAM_KEEPALIVE_TIMEOUT_S", "1"))) {
      var client = vertx.createHttpClient();
      assertThat(client.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/page")
        .compose(r -> r.send()).map(r -> r.statusCode()).await()).isEqualTo(200);
      assertThat(used).as("upstream connections that carried the page").hasSize(1);
      // Vert.x's default would keep it 60 s; with 1 s its pool evicts it within its cleaner's period.
      waitUntil(open::isEmpty, 10, "the gateway closes its idle upstream connection");
      // The next request opens a new connection and is answered.
      assertThat(client.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/page")
        .compose(r -> r.send()).map(r -> r.statusCode()).await()).isEqualTo(200);
      assertThat(used).as("upstream connections that carried a page").hasSize(2);
      client.close().await();
    } finally {
      upstream.close().await();
    }
  }
}
