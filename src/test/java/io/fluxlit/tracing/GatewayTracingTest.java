package io.fluxlit.tracing;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.tracing.RecordingTraceHook.Recorded;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's spans (docs/tracing.md) through a real gateway, a real upstream and a recording hook. */
@ExtendWith(VertxExtension.class)
class GatewayTracingTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

  /**
   * How long a second close handler has to end a span again, wrongly: both sides' close handlers
   * run within milliseconds of each other, so a double end shows well within it.
   */
  private static final long SECOND_END_WINDOW_MS = 300;

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
  void anHttpRequestHasARequestSpanWithTheUpstreamHttpSpanAsItsChild() {
    Http.Response response = http.get("/page/x?a=1&token=s3cret&fluxlit_sid=abc", "X-Request-ID", "trace-http");
    assertThat(response.status()).isEqualTo(200);

    List<Recorded> spans = HOOK.awaitEnded("trace-http", 2);
    assertThat(spans).extracting(s -> s.name).containsExactly(SpanNames.REQUEST, SpanNames.UPSTREAM_HTTP);
    Recorded request = spans.get(0);
    Recorded upstreamHttp = spans.get(1);
    assertThat(request.parent).isNull();
    assertThat(request.attributes).containsExactly(
      Map.entry(SpanNames.DISPATCH, "streamlit"),
      Map.entry(SpanNames.METHOD_OR_TYPE, "GET"),
      Map.entry(SpanNames.URL_PATH, "/page/x"),
      Map.entry(SpanNames.REQUEST_ID, "trace-http"));
    assertThat(request.endAttributes).containsExactly(Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 200L));

    assertThat(upstreamHttp.parent).isSameAs(request);
    assertThat(upstreamHttp.attributes).containsExactly(
      Map.entry(SpanNames.HTTP_REQUEST_METHOD, "GET"),
      Map.entry(SpanNames.URL_FULL, upstream.url() + "/page/x?a=1&token=<redacted>&fluxlit_sid=<redacted>"),
      Map.entry(SpanNames.FLUXLIT_REQUEST_ID, "trace-http"));
    assertThat(upstreamHttp.endAttributes).containsExactly(Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 200L));
    assertThat(upstreamHttp.error).isNull();
    // The upstream span covers the send only: it ends when the response head arrives.
    assertThat(upstreamHttp.endedAt).isLessThan(request.endedAt);
    assertThat(spans).allSatisfy(s -> assertThat(s.ends.get()).isEqualTo(1));
  }

  @Test
  void theUpstreamSpanCarriesTheMethodAndStatusTheUpstreamSaw() {
    Http.Response response = http.send(http.options(HttpMethod.POST, "/form"), Buffer.buffer("small"),
      "X-Request-ID", "trace-post");
    assertThat(response.status()).isEqualTo(200);
    List<Recorded> spans = HOOK.awaitEnded("trace-post", 2);
    assertThat(spans.get(0).attributes).containsEntry(SpanNames.METHOD_OR_TYPE, "POST");
    assertThat(spans.get(1).attributes)
      .containsEntry(SpanNames.HTTP_REQUEST_METHOD, "POST")
      .containsEntry(SpanNames.URL_FULL, upstream.url() + "/form");
  }

  @Test
  void aRequestRefusedBeforeTheUpstreamHasNoUpstreamSpan() {
    Http.Response response = http.send(http.options(HttpMethod.POST, "/upload"),
      Buffer.buffer("far more than sixteen bytes"), "X-Request-ID", "trace-413");
    assertThat(response.status()).isEqualTo(413);
    List<Recorded> spans = HOOK.awaitEnded("trace-413", 1);
    // An upstream span would start before the send, so before the 413 was written: no window needed.
    assertThat(HOOK.forRequest("trace-413")).as("only the request span").hasSize(1);
    assertThat(spans.get(0).endAttributes).containsEntry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 413L);
  }

  @Test
  void anApiRequestHasOnlyTheRequestSpan() {
    Http.Response response = http.get("/api/healthz", "X-Request-ID", "trace-api");
    assertThat(response.status()).isEqualTo(200);

    List<Recorded> spans = HOOK.awaitEnded("trace-api", 1);
    // The API hop has no upstream span at all; one would exist before the answer did.
    assertThat(HOOK.forRequest("trace-api")).as("no upstream span for the API").hasSize(1);
    Recorded request = spans.get(0);
    assertThat(request.name).isEqualTo(SpanNames.REQUEST);
    assertThat(request.attributes).containsExactly(
      Map.entry(SpanNames.DISPATCH, "api"),
      Map.entry(SpanNames.METHOD_OR_TYPE, "GET"),
      Map.entry(SpanNames.URL_PATH, "/api/healthz"),
      Map.entry(SpanNames.REQUEST_ID, "trace-api"));
    assertThat(request.endAttributes).containsExactly(Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 200L));
  }

  @Test
  void aWebSocketSessionClosedByTheBrowserHasBothSpansForItsWholeLength() throws Exception {
    WebSocket ws = wsClient.connect(options("/_stcore/stream?token=t&x=1").addHeader("X-Request-ID", "trace-ws")).await();
    Promise<String> echo = Promise.promise();
    ws.textMessageHandler(echo::tryComplete);
    ws.writeTextMessage("ping");
    assertThat(echo.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("ping");

    // Open session: both spans started, neither ended, and still so after another round trip.
    List<Recorded> open = HOOK.forRequest("trace-ws");
    assertThat(open).extracting(s -> s.name).containsExactly(SpanNames.REQUEST, SpanNames.UPSTREAM_WEBSOCKET);
    assertThat(open).noneMatch(Recorded::ended);
    Promise<String> again = Promise.promise();
    ws.textMessageHandler(again::tryComplete);
    ws.writeTextMessage("ping again");
    assertThat(again.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("ping again");
    assertThat(HOOK.forRequest("trace-ws")).as("the spans stay open while the session is").noneMatch(Recorded::ended);

    ws.close((short) 4002, "browser-bye").await();
    List<Recorded> spans = HOOK.awaitEnded("trace-ws", 2);
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
      Map.entry(SpanNames.URL_FULL, "ws://127.0.0.1:" + upstream.port() + "/_stcore/stream?token=<redacted>&x=1"),
      Map.entry(SpanNames.FLUXLIT_REQUEST_ID, "trace-ws"));
    assertThat(upstreamWs.endAttributes).containsOnly(
      Map.entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 101L),
      Map.entry(SpanNames.WEBSOCKET_CLOSE_CODE, 4002L),
      Map.entry(SpanNames.WEBSOCKET_CLOSED_BY, "client"));
    assertThat(upstreamWs.endedAt).isLessThan(request.endedAt);
    // Both close handlers fire (the upstream's once its side has closed too); the span still ends once.
    Conditions.waitUntil(() -> upstream.clientCloseCodes().contains((short) 4002), 10, "the upstream side to close");
    Conditions.holdsFor(() -> upstreamWs.ends.get() == 1 && request.ends.get() == 1, SECOND_END_WINDOW_MS,
      "each span ends once");
  }

  @Test
  void aWebSocketSessionClosedByTheUpstreamSaysSo() throws Exception {
    WebSocket ws = wsClient.connect(options("/ws").addHeader("X-Request-ID", "trace-ws-up")).await();
    Promise<Void> closed = Promise.promise();
    ws.closeHandler(v -> closed.tryComplete());
    ws.writeTextMessage("close:4001:upstream-bye");
    closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    List<Recorded> spans = HOOK.awaitEnded("trace-ws-up", 2);
    assertThat(spans.get(1).name).isEqualTo(SpanNames.UPSTREAM_WEBSOCKET);
    assertThat(spans.get(1).endAttributes)
      .containsEntry(SpanNames.WEBSOCKET_CLOSE_CODE, 4001L)
      .containsEntry(SpanNames.WEBSOCKET_CLOSED_BY, "upstream");
    assertThat(spans.get(0).endAttributes).containsEntry(SpanNames.WEBSOCKET_CLOSE_CODE, 4001L);
    Conditions.holdsFor(() -> spans.get(1).ends.get() == 1, SECOND_END_WINDOW_MS, "the upstream span ends once");
  }

  @Test
  void concurrentRequestsKeepTheirOwnParents() {
    List<Future<Http.Response>> pending = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pending.add(http.sendAsync(http.options(HttpMethod.GET, "/c/" + i), null, "X-Request-ID", "trace-c-" + i));
    }
    Future.all(pending).await();
    for (int i = 0; i < 20; i++) {
      List<Recorded> spans = HOOK.awaitEnded("trace-c-" + i, 2);
      assertThat(spans.get(1).parent).isSameAs(spans.get(0));
      assertThat(spans.get(0).attributes).containsEntry(SpanNames.URL_PATH, "/c/" + i);
    }
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
