package io.fluxlit.examples.otel;

import io.fluxlit.FluxLitVerticle;
import io.fluxlit.tracing.SpanNames;
import io.fluxlit.tracing.TraceHook;
import io.fluxlit.tracing.TraceHooks;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge against the real gateway, deployed in-process with a small real upstream, spans
 * collected by OpenTelemetry's in-memory exporter.
 */
class OtelTraceHookTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey(SpanNames.REQUEST_ID);
  private static final AttributeKey<String> FLUXLIT_REQUEST_ID = AttributeKey.stringKey(SpanNames.FLUXLIT_REQUEST_ID);

  private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
  private static SdkTracerProvider tracerProvider;
  private static TraceHook previous;
  private static Vertx vertx;
  private static HttpServer upstream;
  private static final List<String> upstreamTraceparents = new CopyOnWriteArrayList<>();
  private static int gatewayPort;
  private static HttpClient http;
  /** Kept in a field: Vert.x 5 closes a collected client, connections included. */
  private static io.vertx.core.http.WebSocketClient webSockets;

  @BeforeAll
  static void start() {
    tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(EXPORTER)).build();
    // Installed before the gateway starts, which is when it decides whether to trace.
    previous = TraceHooks.install(new OtelTraceHook(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build()));
    vertx = Vertx.vertx();
    upstream = vertx.createHttpServer()
      .requestHandler(request -> {
        upstreamTraceparents.add(String.valueOf(request.getHeader("traceparent")));
        request.response().setStatusCode(request.path().equals("/broken") ? 503 : 200).end("from upstream");
      })
      .webSocketHandler(OtelTraceHookTest::echo)
      .listen(0, "127.0.0.1").await();
    gatewayPort = freePort();
    JsonObject config = new JsonObject()
      .put("FLUXLIT_GATEWAY_PORT", Integer.toString(gatewayPort))
      .put("FLUXLIT_GATEWAY_INSTANCES", "1")
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort());
    vertx.deployVerticle(new FluxLitVerticle(), new DeploymentOptions().setConfig(config)).await();
    http = vertx.createHttpClient();
    webSockets = vertx.createWebSocketClient();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    tracerProvider.close();
    TraceHooks.install(previous);
  }

  @BeforeEach
  void reset() {
    EXPORTER.reset();
  }

  @Test
  void anHttpRequestIsAServerSpanWithAClientChildForTheUpstream() {
    assertThat(get("/page?x=1", "otel-http", TRACEPARENT).statusCode()).isEqualTo(200);

    SpanData request = awaitSpan(SpanNames.REQUEST, "otel-http");
    SpanData upstreamHttp = awaitSpan(SpanNames.UPSTREAM_HTTP, "otel-http");
    assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(request.getParentSpanContext().isValid()).isFalse();
    assertThat(request.getAttributes().asMap()).containsOnly(
      entry(SpanNames.DISPATCH, "streamlit"),
      entry(SpanNames.METHOD_OR_TYPE, "GET"),
      entry(SpanNames.URL_PATH, "/page"),
      entry(SpanNames.REQUEST_ID, "otel-http"),
      entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 200L));
    assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    assertThat(upstreamHttp.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(upstreamHttp.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(upstreamHttp.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(upstreamHttp.getAttributes().asMap()).containsOnly(
      entry(SpanNames.HTTP_REQUEST_METHOD, "GET"),
      entry(SpanNames.URL_FULL, "http://127.0.0.1:" + upstream.actualPort() + "/page?x=1"),
      entry(SpanNames.FLUXLIT_REQUEST_ID, "otel-http"),
      entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 200L));
    assertThat(upstreamHttp.getEndEpochNanos()).isLessThanOrEqualTo(request.getEndEpochNanos());
    // FluxLit neither creates nor rewrites W3C trace context: the browser's goes to Streamlit.
    assertThat(upstreamTraceparents).contains(TRACEPARENT);
  }

  @Test
  void anUpstream5xxMarksBothSpansAsErrors() {
    assertThat(get("/broken", "otel-503", null).statusCode()).isEqualTo(503);
    assertThat(awaitSpan(SpanNames.REQUEST, "otel-503").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(awaitSpan(SpanNames.UPSTREAM_HTTP, "otel-503").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void anApiRequestHasOnlyTheRequestSpan() throws InterruptedException {
    assertThat(get("/api/healthz", "otel-api", null).statusCode()).isEqualTo(200);
    SpanData request = awaitSpan(SpanNames.REQUEST, "otel-api");
    assertThat(request.getAttributes().get(AttributeKey.stringKey(SpanNames.DISPATCH))).isEqualTo("api");
    assertThat(request.getAttributes().get(AttributeKey.stringKey(SpanNames.URL_PATH))).isEqualTo("/api/healthz");
    Thread.sleep(200);
    assertThat(EXPORTER.getFinishedSpanItems())
      .filteredOn(span -> "otel-api".equals(span.getAttributes().get(FLUXLIT_REQUEST_ID)))
      .isEmpty();
  }

  @Test
  void aWebSocketSessionHasAnUpstreamWebSocketChildEndingWithTheSession() throws Exception {
    WebSocket ws = webSockets.connect(new WebSocketConnectOptions()
      .setHost("127.0.0.1").setPort(gatewayPort).setURI("/_stcore/stream")
      .addHeader("X-Request-ID", "otel-ws")).await();
    Promise<String> echo = Promise.promise();
    ws.textMessageHandler(echo::tryComplete);
    ws.writeTextMessage("hello");
    assertThat(echo.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("hello");
    assertThat(EXPORTER.getFinishedSpanItems()).isEmpty(); // open session: nothing ended yet
    ws.close((short) 4000, "bye").await();

    SpanData request = awaitSpan(SpanNames.REQUEST, "otel-ws");
    SpanData upstreamWs = awaitSpan(SpanNames.UPSTREAM_WEBSOCKET, "otel-ws");
    assertThat(request.getAttributes().asMap()).containsOnly(
      entry(SpanNames.DISPATCH, "streamlit"),
      entry(SpanNames.METHOD_OR_TYPE, "websocket"),
      entry(SpanNames.URL_PATH, "/_stcore/stream"),
      entry(SpanNames.REQUEST_ID, "otel-ws"),
      entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 101L),
      entry(SpanNames.WEBSOCKET_CLOSE_CODE, 4000L));
    assertThat(upstreamWs.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(upstreamWs.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(upstreamWs.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(upstreamWs.getAttributes().asMap()).containsOnly(
      entry(SpanNames.HTTP_REQUEST_METHOD, "GET"),
      entry(SpanNames.URL_FULL, "ws://127.0.0.1:" + upstream.actualPort() + "/_stcore/stream"),
      entry(SpanNames.FLUXLIT_REQUEST_ID, "otel-ws"),
      entry(SpanNames.HTTP_RESPONSE_STATUS_CODE, 101L),
      entry(SpanNames.WEBSOCKET_CLOSE_CODE, 4000L),
      entry(SpanNames.WEBSOCKET_CLOSED_BY, "client"));
  }

  @Test
  void theServiceFileRegistersTheHook() {
    // What the gateway does at start when this jar is on the class path.
    assertThat(TraceHooks.discover(OtelTraceHookTest.class.getClassLoader())).isInstanceOf(OtelTraceHook.class);
  }

  private static void echo(ServerWebSocket ws) {
    ws.textMessageHandler(ws::writeTextMessage);
  }

  private static HttpClientResponse get(String uri, String requestId, String traceparent) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
      .setPort(gatewayPort).setURI(uri).addHeader("X-Request-ID", requestId);
    if (traceparent != null) {
      options.addHeader("traceparent", traceparent);
    }
    return http.request(options).compose(req -> req.send().compose(resp -> resp.body().map(body -> resp))).await();
  }

  /** Waits for an ended (exported) span of that name carrying that request ID. */
  private static SpanData awaitSpan(String name, String requestId) {
    BooleanSupplier found = () -> find(name, requestId) != null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!found.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no ended span " + name + " for " + requestId + " in " + EXPORTER.getFinishedSpanItems());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return find(name, requestId);
  }

  private static SpanData find(String name, String requestId) {
    return EXPORTER.getFinishedSpanItems().stream()
      .filter(span -> span.getName().equals(name))
      .filter(span -> requestId.equals(span.getAttributes().get(REQUEST_ID))
        || requestId.equals(span.getAttributes().get(FLUXLIT_REQUEST_ID)))
      .findFirst().orElse(null);
  }

  private static java.util.Map.Entry<AttributeKey<?>, Object> entry(String key, Object value) {
    AttributeKey<?> attributeKey = value instanceof Long ? AttributeKey.longKey(key) : AttributeKey.stringKey(key);
    return java.util.Map.entry(attributeKey, value);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
