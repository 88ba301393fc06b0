package io.fluxlit.gateway.websocket;

import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WebSocket relay (docs/architecture.md#the-websocket-hop) against a fixture upstream. */
@ExtendWith(VertxExtension.class)
class WebSocketRelayTest {

  /**
   * How long a flood of 128 MiB must stay unfinished while the browser reads nothing: without flow
   * control the gateway would swallow it all at loopback speed, well under a second.
   */
  private static final long FLOOD_HELD_BACK_MS = 3_000;

  private static FixtureUpstream upstream;
  private static Gateway gateway;
  private static WebSocketClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = new FixtureUpstream(vertx).start();
    gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()));
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    upstream.stop();
  }

  private static WebSocketConnectOptions options(String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI(uri);
  }

  @Test
  void theBrowsersOriginPassesAndNoneIsInventedForAClientWithout() {
    int before = upstream.webSocketHandshakes().size();
    WebSocket withoutOrigin = client.connect(options("/_stcore/stream").setAllowOriginHeader(false)).await();
    withoutOrigin.close().await();
    String publicOrigin = "http://127.0.0.1:" + gateway.port();
    WebSocket browser = client.connect(options("/_stcore/stream").addHeader("Origin", publicOrigin)).await();
    browser.close().await();
    List<MultiMap> seen = upstream.webSocketHandshakes();
    assertThat(seen.get(before).contains("origin")).as("no Origin invented for a client that sent none").isFalse();
    assertThat(seen.get(before + 1).getAll("origin")).containsExactly(publicOrigin);
  }

  @Test
  void negotiatesTheSubprotocolEndToEndAndCarriesTheRequestId() {
    int before = upstream.webSocketHandshakes().size();
    WebSocket ws = client.connect(options("/_stcore/stream?x=1")
      .setSubProtocols(List.of("streamlit", "xsrf-token-value"))
      .addHeader("X-Request-ID", "ws-ticket-1")
      .addHeader("Cookie", "s=1")
      .addHeader("X-Forwarded-For", "6.6.6.6")).await();
    try {
      assertThat(ws.subProtocol()).isEqualTo("streamlit");
      assertThat(ws.headers().get("x-request-id")).isEqualTo("ws-ticket-1");
      MultiMap seen = upstream.webSocketHandshakes().get(before);
      assertThat(seen.getAll("x-request-id")).containsExactly("ws-ticket-1");
      assertThat(seen.get("sec-websocket-protocol")).contains("streamlit").contains("xsrf-token-value");
      assertThat(seen.get("host")).isEqualTo("127.0.0.1:" + gateway.port());
      assertThat(seen.get("cookie")).isEqualTo("s=1");
      assertThat(seen.getAll("x-forwarded-for")).containsExactly("127.0.0.1");
      assertThat(seen.get("x-forwarded-proto")).isEqualTo("http");
      assertThat(seen.contains("sec-websocket-extensions")).isFalse();
    } finally {
      ws.close().await();
    }
  }

  @Test
  void selectsNoSubprotocolWhenTheBrowserOfferedNone() {
    WebSocket ws = client.connect(options("/_stcore/stream")).await();
    try {
      assertThat(ws.subProtocol()).isNull();
      assertThat(ws.headers().get("x-request-id")).isNotBlank();
    } finally {
      ws.close().await();
    }
  }

  @Test
  void keepsTextAsTextAndBinaryAsBinary() throws Exception {
    WebSocket ws = client.connect(options("/ws")).await();
    Promise<WebSocketFrame> text = Promise.promise();
    Promise<WebSocketFrame> binary = Promise.promise();
    ws.frameHandler(frame -> {
      if (frame.isText()) {
        text.tryComplete(frame);
      } else if (frame.isBinary()) {
        binary.tryComplete(frame);
      }
    });
    ws.writeTextMessage("h\u00e9llo");
    ws.writeBinaryMessage(Buffer.buffer(new byte[] {0, 1, 2, (byte) 255}));
    try {
      assertThat(text.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).textData())
        .isEqualTo("h\u00e9llo");
      assertThat(binary.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).binaryData().getBytes())
        .containsExactly(0, 1, 2, 255);
    } finally {
      ws.close().await();
    }
  }

  @Test
  void propagatesTheUpstreamsCloseCodeAndReason() throws Exception {
    WebSocket ws = client.connect(options("/ws")).await();
    Promise<Void> closed = Promise.promise();
    ws.closeHandler(v -> closed.complete());
    ws.writeTextMessage("close:4001:upstream-bye");
    closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(ws.closeStatusCode()).isEqualTo((short) 4001);
    assertThat(ws.closeReason()).isEqualTo("upstream-bye");
  }

  @Test
  void propagatesTheBrowsersCloseCodeUpstream() throws Exception {
    WebSocket ws = client.connect(options("/ws")).await();
    ws.close((short) 4002, "browser-bye").await();
    Conditions.waitUntil(() -> upstream.clientCloseCodes().contains((short) 4002), 10,
      "the upstream to see close code 4002");
  }

  @Test
  void answersTheUpgradeWith502WhenTheUpstreamIsDown(Vertx vertx) {
    try (Gateway orphan = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + TestEnvironment.freePort()))) {
      assertThatThrownBy(() -> client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
          .setPort(orphan.port()).setURI("/_stcore/stream").addHeader("X-Request-ID", "ws-down")).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> {
          assertThat(e.getStatus()).isEqualTo(502);
          assertThat(e.getHeaders().get("x-request-id")).isEqualTo("ws-down");
          assertThat(e.getBody().toString()).contains("ws-down");
        });
    }
  }

  @Test
  void aSlowBrowserPausesTheUpstreamInsteadOfBufferingWithoutBound() throws Exception {
    int frames = 2000; // 128 MiB: far more than the socket buffers between the three parties
    WebSocket ws = client.connect(options("/ws")).await();
    ws.pause();
    AtomicInteger received = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    ws.frameHandler(frame -> {
      if (frame.isBinary()) {
        received.incrementAndGet();
      } else if (frame.isText() && frame.textData().equals("flood-done")) {
        done.tryComplete();
      }
    });
    try {
      ws.writeTextMessage("flood:" + frames);
      Conditions.waitUntil(() -> upstream.floodFramesWritten() > 0, 10, "the flood to start");
      // Something that must not happen, so a window: the upstream finishing while the browser reads nothing.
      Conditions.holdsFor(() -> upstream.floodFramesWritten() < frames, FLOOD_HELD_BACK_MS,
        "the upstream is held back while the browser reads nothing");
      ws.resume();
      done.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertThat(received.get()).isEqualTo(frames);
    } finally {
      ws.resume();
      ws.close();
    }
  }

  @Test
  void stoppingTheGatewayIsNotHeldUpByABrowserThatReadsNothing(Vertx vertx) {
    try (Gateway own = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S", "1"))) {
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(own.port())
        .setURI("/ws")).await();
      ws.pause();
      try {
        ws.writeTextMessage("flood:200");
        Conditions.waitUntil(() -> upstream.floodFramesWritten() > 0, 10, "the flood to start");
        long started = System.nanoTime();
        own.stop();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
      } finally {
        ws.resume();
        ws.close();
      }
    }
  }

  @Test
  void stoppingTheGatewaySaysGoingAwayToOpenSessions(Vertx vertx) throws Exception {
    try (Gateway own = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()))) {
      WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(own.port())
        .setURI("/ws")).await();
      Promise<Void> closed = Promise.promise();
      ws.closeHandler(v -> closed.tryComplete());
      own.stop();
      closed.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(ws.closeStatusCode()).isEqualTo((short) 1001);
    }
  }
}
