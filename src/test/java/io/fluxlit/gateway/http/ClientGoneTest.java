package io.fluxlit.gateway.http;

import ch.qos.logback.classic.Level;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.fluxlit.testing.Conditions.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser that leaves while Streamlit is still working on its request (a closed tab, a
 * navigation) is not an upstream failure: the gateway lets the upstream request go without a
 * WARNING (docs/observability.md), does not send it again, and serves the next request as usual.
 */
@ExtendWith(VertxExtension.class)
class ClientGoneTest {

  @Test
  void aClientThatLeavesBeforeTheAnswerLeavesNoWarning(Vertx vertx) {
    AtomicBoolean received = new AtomicBoolean();
    AtomicBoolean upstreamLetGo = new AtomicBoolean();
    AtomicInteger slowRequests = new AtomicInteger();
    HttpServer upstream = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/slow")) {
        received.set(true);
        slowRequests.incrementAndGet();
        request.connection().closeHandler(v -> upstreamLetGo.set(true));
        return; // never answers: only the client's leaving ends it
      }
      request.response().end("ok");
    }).listen(0, "127.0.0.1").await();
    try (Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort())
           .put("FLUXLIT_GATEWAY_INSTANCES", "1"));
         CapturedLogs warnings = new CapturedLogs("fluxlit.gateway", Level.WARN)) {
      NetClient tcp = vertx.createNetClient();
      NetSocket browser = tcp.connect(gateway.port(), "127.0.0.1").await();
      browser.write("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await();
      waitUntil(received::get, 10, "the request reaches the upstream");
      browser.close().await();
      // The gateway resets its upstream request when the browser goes (HTTP/1.1: closes that connection).
      waitUntil(upstreamLetGo::get, 10, "the gateway lets the upstream request go");
      var client = vertx.createHttpClient();
      assertThat(client.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/next")
        .compose(r -> r.send()).map(r -> r.statusCode()).await()).isEqualTo(200);
      client.close().await();
      tcp.close().await();
      assertThat(warnings.lines()).as("WARN lines of fluxlit.gateway").isEmpty();
      // Its closed connection is not one to send the request again on (ClosedConnectionRetry).
      assertThat(slowRequests.get()).as("times the request of the client that left reached the upstream").isEqualTo(1);
    } finally {
      upstream.close().await();
    }
  }
}
