package io.fluxlit.gateway.websocket;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
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
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay loses nothing (docs/architecture.md#the-websocket-hop): frames sent by either side at
 * any moment, the upstream's first ones included, arrive complete and in order, and sessions that
 * end while frames are in flight log no ERROR.
 *
 * <p>The upstream here is not Streamlit (which waits for the browser to speak first): on
 * {@code /burst} it sends {@value #BURST} messages the moment it accepts, on {@code /echo} it
 * echoes, on {@code /flood} it writes binary frames until the socket closes, on {@code /drop} it
 * closes after its burst.
 */
@ExtendWith(VertxExtension.class)
class WebSocketRelayIntegrityTest {

  private static final int BURST = 50;

  private static HttpServer upstream;
  private static Gateway gateway;
  private static WebSocketClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .webSocketHandler(WebSocketRelayIntegrityTest::upstreamSession);
    upstream.listen().await();
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort()));
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20));
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    upstream.close().await();
  }

  private static void upstreamSession(ServerWebSocket ws) {
    switch (ws.path()) {
      case "/burst", "/drop" -> {
        for (int i = 0; i < BURST; i++) {
          // Alternating types and a fragmented message: each must keep its type and its parts.
          if (i % 10 == 7) {
            ws.writeFrame(WebSocketFrame.textFrame("m" + i + "-a", false));
            ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("-b"), true));
          } else if (i % 2 == 0) {
            ws.writeTextMessage("m" + i);
          } else {
            ws.writeBinaryMessage(Buffer.buffer("m" + i));
          }
        }
        if (ws.path().equals("/drop")) {
          ws.close((short) 4000, "burst done");
        }
      }
      case "/flood" -> flood(ws);
      default -> ws.frameHandler(frame -> {
        if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
          ws.writeFrame(frame);
        }
      });
    }
  }

  private static void flood(ServerWebSocket ws) {
    Buffer chunk = Buffer.buffer(new byte[16 * 1024]);
    while (!ws.isClosed() && !ws.writeQueueFull()) {
      ws.writeBinaryMessage(chunk);
    }
    if (!ws.isClosed()) {
      ws.drainHandler(v -> flood(ws));
    }
  }

  private static WebSocketConnectOptions options(String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI(uri);
  }

  private static List<String> expectedBurst() {
    return IntStream.range(0, BURST).mapToObj(i -> i % 10 == 7 ? "m" + i + "-a-b" : "m" + i).toList();
  }

  /** Opens a session whose messages (type-prefixed: {@code T:} text, {@code B:} binary) are collected from the start. */
  private static Session open(Vertx vertx, String uri) {
    return open(vertx, uri, ws -> { });
  }

  /** As {@link #open(Vertx, String)}; {@code onFirst} runs on the socket's context at its first message. */
  private static Session open(Vertx vertx, String uri, Consumer<ClientWebSocket> onFirst) {
    Session session = new Session();
    ClientWebSocket ws = client.webSocket();
    StringBuilder partial = new StringBuilder();
    String[] type = new String[1];
    ws.frameHandler(frame -> {
      if (frame.isText() || frame.isBinary()) {
        type[0] = frame.isText() ? "T:" : "B:";
        partial.setLength(0);
      }
      if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
        partial.append(frame.binaryData().toString());
        if (frame.isFinal()) {
          session.messages.add(type[0] + partial);
          if (session.messages.size() == 1) {
            onFirst.accept(session.ws);
          }
        }
      }
    });
    ws.closeHandler(v -> session.closed.tryComplete(ws.closeStatusCode()));
    session.ws = ws;
    ws.connect(options(uri)).await();
    return session;
  }

  private static final class Session {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final Promise<Short> closed = Promise.promise();
    ClientWebSocket ws;

    List<String> bodies() {
      return messages.stream().map(m -> m.substring(2)).toList();
    }
  }

  @Test
  void theUpstreamsFirstMessagesArriveCompleteAndInOrderInEverySession(Vertx vertx) {
    List<String> expected = expectedBurst();
    for (int n = 0; n < 100; n++) {
      Session session = open(vertx, "/burst");
      int sessionNumber = n;
      try {
        Conditions.waitUntil(() -> session.messages.size() >= BURST, 10,
          "session " + sessionNumber + " to receive all " + BURST + " messages (got " + session.messages + ")");
        assertThat(session.bodies()).as("session %d", n).containsExactlyElementsOf(expected);
        assertThat(session.messages.get(0)).startsWith("T:");
        assertThat(session.messages.get(1)).startsWith("B:");
      } finally {
        session.ws.close().await();
      }
    }
  }

  @Test
  void messagesBeforeTheUpstreamsCloseAllArriveAndThenItsCloseCode(Vertx vertx) throws Exception {
    for (int n = 0; n < 20; n++) {
      Session session = open(vertx, "/drop");
      Short code = session.closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(session.bodies()).as("session %d", n).containsExactlyElementsOf(expectedBurst());
      assertThat(code).isEqualTo((short) 4000);
    }
  }

  @Test
  void aClientThatSendsBeforeReadingGetsEveryEchoInOrder(Vertx vertx) {
    for (int n = 0; n < 20; n++) {
      Session session = open(vertx, "/echo");
      try {
        for (int i = 0; i < BURST; i++) {
          session.ws.writeTextMessage("c" + i);
        }
        List<String> sent = IntStream.range(0, BURST).mapToObj(i -> "c" + i).toList();
        int sessionNumber = n;
        Conditions.waitUntil(() -> session.messages.size() >= BURST, 10,
          "session " + sessionNumber + " to get all " + BURST + " echoes (got " + session.messages + ")");
        assertThat(session.bodies()).containsExactlyElementsOf(sent);
      } finally {
        session.ws.close().await();
      }
    }
  }

  @Test
  void sessionsThatEndMidStreamLogNoError(Vertx vertx) throws Exception {
    try (CapturedLogs logs = new CapturedLogs(Logger.ROOT_LOGGER_NAME, Level.INFO)) {
      List<Session> sessions = new ArrayList<>();
      // The browser leaves while the upstream floods it...
      for (int n = 0; n < 30; n++) {
        Session session = open(vertx, "/flood");
        Conditions.waitUntil(() -> !session.messages.isEmpty(), 10, "the flood to reach the browser");
        session.ws.close((short) 1000, "bye").await();
        sessions.add(session);
      }
      // ...and the upstream leaves while the browser floods it.
      for (int n = 0; n < 30; n++) {
        Buffer chunk = Buffer.buffer(new byte[16 * 1024]);
        sessions.add(open(vertx, "/drop", ws -> floodFromClient(ws, chunk, new AtomicInteger())));
      }
      for (Session session : sessions) {
        session.closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      assertThat(logs.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(ILoggingEvent::getFormattedMessage)).as("ERROR lines").isEmpty();
    }
  }

  private static void floodFromClient(ClientWebSocket ws, Buffer chunk, AtomicInteger sent) {
    while (!ws.isClosed() && !ws.writeQueueFull() && sent.incrementAndGet() < 2000) {
      ws.writeBinaryMessage(chunk);
    }
    if (!ws.isClosed() && sent.get() < 2000) {
      ws.drainHandler(v -> floodFromClient(ws, chunk, sent));
    }
  }
}
