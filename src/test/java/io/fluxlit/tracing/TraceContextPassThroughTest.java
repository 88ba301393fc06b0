package io.fluxlit.tracing;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;

/** W3C trace context from the browser reaches Streamlit unchanged, over HTTP and WebSocket (docs/tracing.md). */
@ExtendWith(VertxExtension.class)
class TraceContextPassThroughTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

  private static final RecordingTraceHook HOOK = new RecordingTraceHook();
  private static TraceHook previous;
  private static FixtureUpstream upstream;
  private static Gateway gateway;
  private static Http http;
  private static WebSocketClient wsClient;

  @BeforeAll
  static void start(Vertx vertx) {
    // Installed before the gateway starts: it decides at start whether to trace.
    previous = TraceHooks.install(HOOK);
    upstream = new FixtureUpstream(vertx).start();
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
      .put("FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES", "16")
      .put("FLUXLIT_REDACT_QUERY_KEYS", "token"));
    http = new Http(vertx, gateway.port());
    wsClient = TestClients.webSocket(vertx);
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    upstream.stop();
    TraceHooks.install(previous);
  }

  @BeforeEach
  void clear() {
    upstream.clearRequests();
  }

  @Test
  void traceparentAndTracestatePassThroughToStreamlitOverHttp() throws Exception {
    http.get("/tp", "traceparent", TRACEPARENT, "tracestate", TRACESTATE);
    JsonObject headers = upstream.nextRequest().getJsonObject("headers");
    assertThat(headers.getJsonArray("traceparent").getList()).containsExactly(TRACEPARENT);
    assertThat(headers.getJsonArray("tracestate").getList()).containsExactly(TRACESTATE);
  }

  @Test
  void traceparentAndTracestatePassThroughToStreamlitOverWebSocket() {
    int before = upstream.webSocketHandshakes().size();
    WebSocket ws = wsClient.connect(options("/_stcore/stream")
      .addHeader("traceparent", TRACEPARENT).addHeader("tracestate", TRACESTATE)).await();
    try {
      MultiMap seen = upstream.webSocketHandshakes().get(before);
      assertThat(seen.getAll("traceparent")).containsExactly(TRACEPARENT);
      assertThat(seen.getAll("tracestate")).containsExactly(TRACESTATE);
    } finally {
      ws.close().await();
    }
  }

  private static WebSocketConnectOptions options(String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI(uri);
  }
}
