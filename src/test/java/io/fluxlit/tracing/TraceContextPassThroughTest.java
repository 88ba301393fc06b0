package io.fluxlit.tracing;

import io.vertx.core.MultiMap;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** W3C trace context from the browser reaches Streamlit unchanged, over HTTP and WebSocket (docs/tracing.md). */
class TraceContextPassThroughTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

  @RegisterExtension
  static final TracedGateway traced = new TracedGateway();

  @Test
  void traceparentAndTracestatePassThroughToStreamlitOverHttp() throws Exception {
    traced.http.get("/tp", "traceparent", TRACEPARENT, "tracestate", TRACESTATE);
    JsonObject headers = traced.upstream.nextRequest().getJsonObject("headers");
    assertThat(headers.getJsonArray("traceparent").getList()).containsExactly(TRACEPARENT);
    assertThat(headers.getJsonArray("tracestate").getList()).containsExactly(TRACESTATE);
  }

  @Test
  void traceparentAndTracestatePassThroughToStreamlitOverWebSocket() {
    int before = traced.upstream.webSocketHandshakes().size();
    WebSocket ws = traced.ws.connect(traced.options("/_stcore/stream")
      .addHeader("traceparent", TRACEPARENT).addHeader("tracestate", TRACESTATE)).await();
    try {
      MultiMap seen = traced.upstream.webSocketHandshakes().get(before);
      assertThat(seen.getAll("traceparent")).containsExactly(TRACEPARENT);
      assertThat(seen.getAll("tracestate")).containsExactly(TRACESTATE);
    } finally {
      ws.close().await();
    }
  }
}
