package io.fluxlit.gateway.edge;

import ch.qos.logback.classic.Level;

import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.RawHttpHead;
import io.fluxlit.testing.TestClients;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and idle clients (docs/security.md): {@code FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S} = 2
 * and {@code FLUXLIT_GATEWAY_IDLE_TIMEOUT_S} = 3, over raw sockets that behave as slowloris does,
 * against a real upstream whose {@code /wait} answers after 4 s (longer than both) and which
 * echoes WebSocket messages.
 */
@ExtendWith(VertxExtension.class)
class SlowClientsTest {

  private static final String HALF_HEAD = "GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  private static final String FULL_GET = "GET /page HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  private static HttpServer upstream;
  private static Gateway gateway;

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .addWebSocketSubProtocol("streamlit"))
      .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
      .requestHandler(request -> {
        if (request.path().equals("/upload")) {
          request.body().onSuccess(body -> request.response().end("got " + body.length()));
        } else if (request.path().equals("/wait")) {
          vertx.setTimer(4_000, id -> request.response().end("waited"));
        } else {
          request.response().end("ok");
        }
      });
    upstream.listen().await();
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort())
      .put("FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S", "2")
      .put("FLUXLIT_GATEWAY_IDLE_TIMEOUT_S", "3"));
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    upstream.close().await();
  }

  @Test
  void aHeadThatDoesNotArriveInTimeGets408WithTheRequestIdAndIsClosed() throws Exception {
    try (Socket socket = connect()) {
      long started = System.nanoTime();
      send(socket, HALF_HEAD);
      String answer = readUntilClosed(socket);
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n");
      String requestId = RawHttpHead.header(answer, "x-request-id");
      assertThat(requestId).isNotBlank();
      assertThat(answer).contains("FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S").endsWith("X-Request-ID: " + requestId + "\n");
      assertThat(RawHttpHead.header(answer, "connection")).isEqualTo("close");
      assertThat(RawHttpHead.header(answer, "x-content-type-options")).isEqualTo("nosniff");
      assertThat(elapsedMs).as("cut by the 2 s head clock, not a later one").isBetween(1_500L, 6_000L);
    }
  }

  @Test
  void aHeadTrickledByteByByteIsCutAllTheSame() throws Exception {
    try (Socket socket = connect()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
      // One byte every 200 ms keeps bytes coming, which an idle clock would take for activity.
      for (char c : HALF_HEAD.toCharArray()) {
        if (!sendOrClosed(socket, String.valueOf(c)) || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(200); // the attacker's pace, not synchronisation
      }
      assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 408");
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
    try (Socket socket = connect()) {
      assertThat(readUntilClosed(socket)).isEmpty();
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedWithoutAnAnswer() throws Exception {
    try (Socket socket = connect()) {
      send(socket, FULL_GET);
      assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
      long idleFrom = System.nanoTime();
      assertThat(readUntilClosed(socket)).as("nothing is written to an idle connection").isEmpty();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleFrom)).as("the 3 s idle clock")
        .isBetween(2_500L, 8_000L);
    }
  }

  @Test
  void theSecondHeadOnAKeepAliveConnectionHasItsOwnClock() throws Exception {
    try (Socket socket = connect()) {
      send(socket, FULL_GET);
      assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
      send(socket, HALF_HEAD);
      // The idle clock would close silently; the head clock answers 408.
      assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 408");
    }
  }

  /** @return how long the gateway took to close a connection whose request body stopped half-way */
  private static long bodyStalledOn(String head) throws Exception {
    try (Socket socket = connect()) {
      send(socket, head + "Content-Length: 100\r\n\r\n" + "x".repeat(10));
      long stalledFrom = System.nanoTime();
      String answer = readUntilClosed(socket);
      assertThat(answer).as("no answer, and above all no 101").doesNotContain("101 Switching");
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalledFrom);
    }
  }

  @Test
  void aBodyThatStopsHalfWayIsCutOnEveryHop() throws Exception {
    assertThat(bodyStalledOn("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
      .as("Streamlit over HTTP: the 2 s clock").isBetween(1_500L, 8_000L);
    assertThat(bodyStalledOn("POST /api/anything HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
      .as("the API hop").isBetween(1_500L, 8_000L);
    assertThat(bodyStalledOn("GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"))
      .as("a WebSocket upgrade").isBetween(1_500L, 8_000L);
  }

  @Test
  void anApiBodyCutByItsClientIsNoWarning() throws Exception {
    try (CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.DEBUG)) {
      bodyStalledOn("POST /api/anything HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      // The API hop sees its request fail as the connection goes: the client's doing, not the API's.
      Conditions.waitUntil(() -> logs.lines().stream().anyMatch(l -> l.contains("gateway API request ended by the client")),
        10, "the API hop notes the client's leaving");
      assertThat(logs.events()).as("WARN lines").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }
  }

  @Test
  void aSlowButSteadyBodyIsNotCut() throws Exception {
    try (Socket socket = connect()) {
      send(socket, "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n\r\n");
      // Four bytes a second apart: 4 s in all, twice the clock, but never a 2 s gap.
      for (int i = 0; i < 4; i++) {
        Thread.sleep(1_000); // the client's pace, not synchronisation
        send(socket, "y");
      }
      assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").endsWith("got 4");
    }
  }

  @Test
  void aRequestWaitingOnASlowUpstreamIsNotCut() throws Exception {
    try (Socket socket = connect()) {
      send(socket, "GET /wait HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String answer = readResponse(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("waited");
    }
  }

  @Test
  void anOpenWebSocketOutlivesBothClocks(Vertx vertx) throws Exception {
    WebSocket ws = TestClients.webSocket(vertx).connect(new WebSocketConnectOptions().setHost("127.0.0.1")
      .setPort(gateway.port()).setURI("/_stcore/stream").setSubProtocols(List.of("streamlit"))).await();
    CompletableFuture<String> echo = new CompletableFuture<>();
    ws.textMessageHandler(echo::complete);
    Conditions.holdsFor(() -> !ws.isClosed(), 4_500, "the WebSocket stays open past the 2 s and 3 s clocks");
    ws.writeTextMessage("still here");
    assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo("still here");
    ws.close().await();
  }

  /**
   * Its own gateway with an 8 s head clock, so that opening the 1,000 connections (slow on a
   * loaded machine) and the normal request both happen while every slow one is still waiting.
   */
  @Test
  void aThousandSlowlorisConnectionsDoNotDelayANormalRequestAndAllGet408(Vertx vertx) throws Exception {
    Gateway patient = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort())
      .put("FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S", "8"));
    List<Socket> slow = new ArrayList<>();
    try {
      long opened = System.nanoTime();
      for (int i = 0; i < 1_000; i++) {
        Socket socket = connect(patient.port());
        slow.add(socket);
        send(socket, HALF_HEAD);
      }
      long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
      long started = System.nanoTime();
      Http.Response normal = new Http(vertx, patient.port()).get("/page");
      long normalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(normal.status()).isEqualTo(200);
      assertThat(normal.text()).isEqualTo("ok");
      // Served while all 1,000 still wait for their clock: nothing was written to any of them.
      int answeredEarly = 0;
      for (Socket socket : slow) {
        answeredEarly += socket.getInputStream().available() > 0 ? 1 : 0;
      }
      assertThat(answeredEarly).as("slow connections answered before the normal request was served").isZero();
      assertThat(normalMs).as("normal request with 1,000 slow connections open (opened in %d ms)", openMs)
        .isLessThan(3_000L);
      int answered408 = 0;
      for (Socket socket : slow) {
        if (readUntilClosed(socket).startsWith("HTTP/1.1 408")) {
          answered408++;
        }
      }
      assertThat(answered408).as("slow connections answered 408 and closed").isEqualTo(1_000);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
      patient.stop();
    }
  }

  private static Socket connect() throws IOException {
    return connect(gateway.port());
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(15_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  private static boolean sendOrClosed(Socket socket, String text) {
    try {
      send(socket, text);
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  /** @return everything the gateway wrote until it closed the connection (fails after 10 s) */
  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection was still open after 15 s; read: " + out, e);
    } catch (IOException reset) {
      // closed: what came before counts
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads one response with a Content-Length body, leaving the connection open. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("closed after: " + head);
      }
      head.append((char) b);
    }
    int length = Integer.parseInt(RawHttpHead.header(head.toString(), "content-length"));
    byte[] body = in.readNBytes(length);
    return head + new String(body, StandardCharsets.UTF_8);
  }
}
