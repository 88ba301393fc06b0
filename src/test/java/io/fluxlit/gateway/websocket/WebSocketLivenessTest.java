package io.fluxlit.gateway.websocket;

import ch.qos.logback.classic.Level;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.RawWebSocketPeer.Frame;
import io.fluxlit.testing.RawWebSocketPeer;
import io.fluxlit.testing.TestClients;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket liveness (docs/architecture.md#the-websocket-hop): a peer on either side that stops answering pings is
 * closed, the browser with 1011 when Streamlit went silent; a close handshake that does not
 * finish within {@code FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S} drops the TCP connection. The silent
 * peers are {@link RawWebSocketPeer}s: real libraries answer pings by themselves.
 */
@ExtendWith(VertxExtension.class)
class WebSocketLivenessTest {

  private static JsonObject fastPings(String upstreamUrl) {
    return new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstreamUrl)
      .put("FLUXLIT_GATEWAY_WS_PING_INTERVAL_S", "0.2")
      .put("FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S", "0.4");
  }

  private static WebSocketConnectOptions options(Gateway gateway) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI("/_stcore/stream");
  }

  @Test
  void peersThatAnswerPingsStayConnected(Vertx vertx) {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, fastPings(upstream.url()))) {
      WebSocketClient client = TestClients.webSocket(vertx);
      WebSocket ws = client.connect(options(gateway)).await();
      AtomicInteger pings = new AtomicInteger();
      // Vert.x answers pings itself; counting them shows the gateway sends them.
      ws.frameHandler(frame -> {
        if (frame.isPing()) {
          pings.incrementAndGet();
        }
      });
      // Five pings span more than two ping timeouts (0.4 s): a session dropped for want of pongs would be closed by then.
      Conditions.waitUntil(() -> pings.get() >= 5 || ws.isClosed(), 10, "five pings, or the session closed");
      assertThat(ws.isClosed()).as("a session whose peers answer pings stays open").isFalse();
      ws.close().await();
    }
  }

  @Test
  void aSilentStreamlitIsDroppedAndTheBrowserGets1011(Vertx vertx) throws Exception {
    try (RawWebSocketPeer.Server silent = RawWebSocketPeer.server();
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.INFO)) {
      try (Gateway gateway = Gateway.start(vertx, fastPings("http://127.0.0.1:" + silent.port()))) {
        WebSocketClient client = TestClients.webSocket(vertx);
        WebSocket ws = client.connect(options(gateway).addHeader("X-Request-ID", "silent-up")).await();
        Promise<Short> closed = Promise.promise();
        ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
        assertThat(closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isEqualTo((short) 1011);
        RawWebSocketPeer streamlit = silent.accepted().get(0);
        Conditions.waitUntil(streamlit::ended, 10, "the gateway to drop the silent upstream's connection");
        assertThat(streamlit.frames()).extracting(Frame::opcode).contains(Frame.PING);
        assertThat(logs.lines()).anyMatch(line -> line.startsWith("request_id=silent-up ")
          && line.contains("Streamlit did not answer a ping") && line.contains("FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S"));
      }
    }
  }

  @Test
  void aSilentBrowserIsDroppedAndStreamlitToldGoingAway(Vertx vertx) throws Exception {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, fastPings(upstream.url()));
         RawWebSocketPeer browser = RawWebSocketPeer.connect(gateway.port(), "/_stcore/stream", 64 * 1024, true)) {
      Conditions.waitUntil(browser::ended, 10, "the gateway to drop the silent browser");
      assertThat(browser.frames()).extracting(Frame::opcode).contains(Frame.PING);
      assertThat(browser.frames()).contains(new Frame(Frame.CLOSE, 1011));
      Conditions.waitUntil(() -> upstream.clientCloseCodes().contains((short) 1001), 10,
        "Streamlit to be told 1001 (going away)");
    }
  }

  @Test
  void aBrowserThatNeverAnswersTheCloseFrameIsDropped(Vertx vertx) throws Exception {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_GATEWAY_WS_PING_INTERVAL_S", "0").put("FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S", "0.5"));
         RawWebSocketPeer browser = RawWebSocketPeer.connect(gateway.port(), "/ws", 64 * 1024, true)) {
      browser.sendText("close:4001:bye");
      Conditions.waitUntil(() -> browser.frames().contains(new Frame(Frame.CLOSE, 4001)), 10,
        "Streamlit's close frame to reach the browser");
      long sent = System.nanoTime();
      Conditions.waitUntil(browser::ended, 10, "the gateway to drop a browser that never answers its close frame");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(5_000);
    }
  }

  @Test
  void aCloseHandshakeStuckBehindUnreadDataDropsTheConnection(Vertx vertx) throws Exception {
    FixtureUpstream upstream = new FixtureUpstream(vertx).start();
    // Pings off: only the close timeout may end this session.
    Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
      .put("FLUXLIT_GATEWAY_WS_PING_INTERVAL_S", "0").put("FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S", "0.5")
      .put("FLUXLIT_GATEWAY_WS_MAX_MESSAGE_BYTES", "100000"));
    try (CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.DEBUG);
         RawWebSocketPeer browser = RawWebSocketPeer.connect(gateway.port(), "/ws", 4096, false)) {
      // A browser that reads nothing while Streamlit floods it, then sends a message over the
      // limit: the gateway's 1009 close frame sits behind the flood in a full socket, so the
      // close handshake can never finish.
      browser.sendText("flood:300");
      Conditions.waitUntil(() -> upstream.floodFramesWritten() > 0, 10, "the flood to start");
      browser.sendFrame(Frame.TEXT, false, new byte[60_000]);
      browser.sendFrame(0, true, new byte[60_000]);
      Conditions.waitUntil(() -> logs.lines().stream().anyMatch(line -> line.contains("the close handshake with the browser")
        && line.contains("FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S")), 15, "the gateway to give up on the close handshake");
      assertThat(browser.drainUntilEnd(10_000)).as("the TCP connection is closed").isTrue();
    } finally {
      gateway.stop();
      upstream.stop();
    }
  }
}
