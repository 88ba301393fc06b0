package io.fluxlit.tracing;

import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.tracing.RecordingTraceHook.Recorded;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upstream spans end with the error when Streamlit cannot be reached. */
@ExtendWith(VertxExtension.class)
class UpstreamFailureTracingTest {

  private static final RecordingTraceHook HOOK = new RecordingTraceHook();
  private static TraceHook previous;
  private static Gateway gateway;
  private static Http http;

  @BeforeAll
  static void start(Vertx vertx) {
    previous = TraceHooks.install(HOOK);
    // Nobody listens there.
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + TestEnvironment.freePort()));
    http = new Http(vertx, gateway.port());
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    TraceHooks.install(previous);
  }

  @Test
  void aRefusedHttpConnectionEndsTheUpstreamSpanWithTheError() {
    assertThat(http.get("/page", "X-Request-ID", "trace-down").status()).isEqualTo(502);
    List<Recorded> spans = HOOK.awaitEnded("trace-down", 2);
    Recorded request = spans.get(0);
    Recorded upstreamHttp = spans.get(1);
    assertThat(upstreamHttp.name).isEqualTo(SpanNames.UPSTREAM_HTTP);
    assertThat(upstreamHttp.parent).isSameAs(request);
    assertThat(upstreamHttp.error).isNotNull();
    assertThat(upstreamHttp.endAttributes).isEmpty();
    assertThat(request.error).isNull();
    assertThat(request.endAttributes).containsEntry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 502L);
  }

  @Test
  void aRefusedWebSocketConnectionEndsTheUpstreamSpanWithTheError(Vertx vertx) {
    assertThatThrownBy(() -> TestClients.webSocket(vertx).connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(gateway.port()).setURI("/_stcore/stream")
        .addHeader("X-Request-ID", "trace-ws-down")).await())
      .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(502));
    List<Recorded> spans = HOOK.awaitEnded("trace-ws-down", 2);
    assertThat(spans.get(0).attributes).containsEntry(SpanNames.METHOD_OR_TYPE, "websocket");
    assertThat(spans.get(0).endAttributes).containsEntry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 502L);
    assertThat(spans.get(1).name).isEqualTo(SpanNames.UPSTREAM_WEBSOCKET);
    assertThat(spans.get(1).parent).isSameAs(spans.get(0));
    assertThat(spans.get(1).error).isNotNull();
  }
}
