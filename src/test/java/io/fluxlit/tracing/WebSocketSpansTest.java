package io.fluxlit.tracing;

import io.fluxlit.testing.Conditions;
import io.fluxlit.tracing.RecordingTraceHook.Recorded;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The spans of a WebSocket session (docs/tracing.md): open for its whole length, ended once, with who closed it. */
class WebSocketSpansTest {

  /**
   * How long a second close handler has to end a span again, wrongly: both sides' close handlers
   * run within milliseconds of each other, so a double end shows well within it.
   */
  private static final long SECOND_END_WINDOW_MS = 300;

  @RegisterExtension
  static final TracedGateway traced = new TracedGateway();

  @Test
  void aWebSocketSessionClosedByTheBrowserHasBothSpansForItsWholeLength() throws Exception {
    WebSocket ws = traced.ws.connect(traced.options("/_stcore/stream?token=t&x=1").addHeader("X-Request-ID", "trace-ws")).await();
    Promise<String> echo = Promise.promise();
    ws.textMessageHandler(echo::tryComplete);
    ws.writeTextMessage("ping");
    assertThat(echo.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("ping");

    // Open session: both spans started, neither ended, and still so after another round trip.
    List<Recorded> open = traced.hook.forRequest("trace-ws");
    assertThat(open).extracting(s -> s.name).containsExactly(SpanNames.REQUEST, SpanNames.UPSTREAM_WEBSOCKET);
    assertThat(open).noneMatch(Recorded::ended);
    Promise<String> again = Promise.promise();
    ws.textMessageHandler(again::tryComplete);
    ws.writeTextMessage("ping again");
    assertThat(again.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("ping again");
    assertThat(traced.hook.forRequest("trace-ws")).as("the spans stay open while the session is").noneMatch(Recorded::ended);

    ws.close((short) 4002, "browser-bye").await();
    List<Recorded> spans = traced.hook.awaitEnded("trace-ws", 2);
    Recorded request = spans.get(0);
    Recorded upstreamWs = spans.get(1);
    assertThat(request.attributes).containsExactly(
      Map.entry(SpanNames.DISPATCH, "streamlit"),
      Map.entry(SpanNames.METHOD_OR_TYPE, "websocket"),
      Map.entry(SpanNames.URL_PATH, "/_stcore/stream"),
      Map.entry(SpanNames.REQUEST_ID, "trace-ws"));
    assertThat(request.endAttributes).containsOnly(
      Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 101L),
      Map.entry(SpanNames.WEBSOCKET_CLOSE_CODE, 4002L));

    assertThat(upstreamWs.parent).isSameAs(request);
    assertThat(upstreamWs.attributes).containsExactly(
      Map.entry(SpanNames.HTTP_REQUEST_METHOD, "GET"),
      Map.entry(SpanNames.URL_FULL, "ws://127.0.0.1:" + traced.upstream.port() + "/_stcore/stream?token=<redacted>&x=1"),
      Map.entry(SpanNames.FLUXLIT_REQUEST_ID, "trace-ws"));
    assertThat(upstreamWs.endAttributes).containsOnly(
      Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 101L),
      Map.entry(SpanNames.WEBSOCKET_CLOSE_CODE, 4002L),
      Map.entry(SpanNames.WEBSOCKET_CLOSED_BY, "client"));
    assertThat(upstreamWs.endedAt).isLessThan(request.endedAt);
    // Both close handlers fire (the upstream's once its side has closed too); the span still ends once.
    Conditions.waitUntil(() -> traced.upstream.clientCloseCodes().contains((short) 4002), 10, "the upstream side to close");
    Conditions.holdsFor(() -> upstreamWs.ends.get() == 1 && request.ends.get() == 1, SECOND_END_WINDOW_MS,
      "each span ends once");
  }

  @Test
  void aWebSocketSessionClosedByTheUpstreamSaysSo() throws Exception {
    WebSocket ws = traced.ws.connect(traced.options("/ws").addHeader("X-Request-ID", "trace-ws-up")).await();
    Promise<Void> closed = Promise.promise();
    ws.closeHandler(v -> closed.tryComplete());
    ws.writeTextMessage("close:4001:upstream-bye");
    closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    List<Recorded> spans = traced.hook.awaitEnded("trace-ws-up", 2);
    assertThat(spans.get(1).name).isEqualTo(SpanNames.UPSTREAM_WEBSOCKET);
    assertThat(spans.get(1).endAttributes)
      .containsEntry(SpanNames.WEBSOCKET_CLOSE_CODE, 4001L)
      .containsEntry(SpanNames.WEBSOCKET_CLOSED_BY, "upstream");
    assertThat(spans.get(0).endAttributes).containsEntry(SpanNames.WEBSOCKET_CLOSE_CODE, 4001L);
    Conditions.holdsFor(() -> spans.get(1).ends.get() == 1, SECOND_END_WINDOW_MS, "the upstream span ends once");
  }
}
