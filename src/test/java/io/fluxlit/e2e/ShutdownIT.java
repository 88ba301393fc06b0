package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.StreamlitStandIn;
import io.fluxlit.testing.TestClients;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the real jar (docs/configuration.md): the port stops accepting, a request in flight still
 * completes, WebSocket clients get close 1001, the process exits 0; the drain is bounded by
 * {@code FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S}; a second signal exits at once; and a managed
 * Streamlit is not left behind.
 */
class ShutdownIT {

  /** How long the request in flight takes: longer than the time the port takes to close. */
  private static final String SLOW = "/delay?ms=3000";

  private static Vertx vertx;
  private static FixtureUpstream upstream;

  @BeforeAll
  static void startUpstream() {
    vertx = Vertx.vertx();
    upstream = new FixtureUpstream(vertx).start();
  }

  @AfterAll
  static void stopUpstream() {
    vertx.close().await();
  }

  @Test
  void sigtermDrainsTheRequestInFlightClosesWebSocketsWith1001AndExitsZero() throws Exception {
    int port = TestEnvironment.freePort();
    try (JavaProcess gateway = jar(port, Map.of())) {
      Http http = awaitReady(gateway, port);
      CompletableFuture<Short> closeCode = openWebSocket(port, "/_stcore/stream");
      int before = upstream.requestsTo("/delay");
      Future<Http.Response> slow = http.sendAsync(http.options(HttpMethod.GET, SLOW), null);
      Conditions.waitUntil(() -> upstream.requestsTo("/delay") > before, 10, "the upstream to receive the slow request");

      long sentAt = System.nanoTime();
      sigterm(gateway);

      Conditions.waitUntil(() -> !accepts(port), 5, "the port to stop accepting connections");
      assertThat(slow.isComplete()).as("the slow request still in flight when the port closed").isFalse();
      Http.Response answer = slow.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("delayed");
      assertThat(closeCode.get(10, TimeUnit.SECONDS)).as("WebSocket close code").isEqualTo((short) 1001);

      assertThat(gateway.waitForExit(Duration.ofSeconds(20))).as(gateway.tail(30)).isZero();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt))
        .as("exit within the drain timeout (10 s)").isLessThan(10_000);
      assertThat(gateway.output()).as(gateway.tail(30)).contains("SIGTERM received: stopping").contains("FluxLit stopped");
      System.out.println("--- SIGTERM drain ---\n" + gateway.tail(80));
    }
  }

  @Test
  void aRequestThatNeverEndsIsCutAfterTheGracefulShutdownTimeout() throws Exception {
    int port = TestEnvironment.freePort();
    try (JavaProcess gateway = jar(port, Map.of("FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S", "1"))) {
      Http http = awaitReady(gateway, port);
      int before = upstream.requestsTo("/slow");
      Future<Http.Response> hang = http.sendAsync(http.options(HttpMethod.GET, "/slow"), null);
      Conditions.waitUntil(() -> upstream.requestsTo("/slow") > before, 10, "the upstream to receive /slow, which never answers");

      long sentAt = System.nanoTime();
      sigterm(gateway);

      assertThat(gateway.waitForExit(Duration.ofSeconds(20))).as(gateway.tail(30)).isZero();
      // 1 s of drain plus stopping the JVM; the former fixed grace was 5 s.
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt)).as(gateway.tail(30)).isLessThan(4_500);
      Conditions.waitUntil(hang::isComplete, 5, "the hung request to end");
      assertThat(hang.failed()).as("the hung request was cut, not answered").isTrue();
    }
  }

  @Test
  void aSecondSignalExitsAtOnce() throws Exception {
    int port = TestEnvironment.freePort();
    try (JavaProcess gateway = jar(port, Map.of("FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S", "60"))) {
      Http http = awaitReady(gateway, port);
      int before = upstream.requestsTo("/slow");
      http.sendAsync(http.options(HttpMethod.GET, "/slow"), null);
      Conditions.waitUntil(() -> upstream.requestsTo("/slow") > before, 10, "the upstream to receive /slow, which never answers");

      sigterm(gateway);
      Conditions.waitUntil(() -> gateway.stdout().contains("SIGTERM received"), 10, "the first SIGTERM to be seen");
      long second = System.nanoTime();
      sigterm(gateway);

      assertThat(gateway.waitForExit(Duration.ofSeconds(10))).as(gateway.tail(30)).isEqualTo(128 + 15);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - second)).isLessThan(5_000);
      assertThat(gateway.stdout()).contains("second SIGTERM: exiting now");
    }
  }

  @Test
  void aManagedStreamlitIsStoppedAndTheProcessExitsZero() throws Exception {
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
    int port = TestEnvironment.freePort();
    Map<String, String> env = new HashMap<>(Map.of(
      "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
      "FLUXLIT_GATEWAY_INSTANCES", "2",
      "FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString()));
    try (JavaProcess gateway = TestEnvironment.startJava(env, "-jar", TestEnvironment.fluxlitJar().toString(), "run",
      TestEnvironment.projectDir().resolve("examples/hello/app.py").toString())) {
      awaitReady(gateway, port);
      List<ProcessHandle> streamlit = gateway.process().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("streamlit")).toList();
      assertThat(streamlit).as("the Streamlit child").isNotEmpty();
      CompletableFuture<Short> closeCode = openWebSocket(port, "/_stcore/stream");

      sigterm(gateway);

      assertThat(gateway.waitForExit(Duration.ofSeconds(30))).as(gateway.tail(30)).isZero();
      assertThat(closeCode.get(10, TimeUnit.SECONDS)).as("WebSocket close code").isEqualTo((short) 1001);
      Conditions.waitUntil(() -> streamlit.stream().noneMatch(ProcessHandle::isAlive), 5,
        "no Streamlit process left after the gateway exited");
      assertThat(gateway.stdout()).contains("Streamlit stopped");
    }
  }

  /**
   * SIGTERM through the process handle: {@code Process.destroy()} sends the same signal but also
   * closes our ends of the process's pipes, and the output written while stopping would be lost.
   */
  private static void sigterm(JavaProcess gateway) {
    assertThat(gateway.process().toHandle().destroy()).as("SIGTERM sent").isTrue();
  }

  /**
   * The managed child outlives the drain: a request in flight to it still completes. The child
   * is the {@link StreamlitStandIn} ({@code /slow} answers after 3 s; SIGTERM ends it at once),
   * because the real Streamlit has no slow page.
   */
  @Test
  void theManagedChildIsStoppedOnlyAfterTheDrain(@TempDir Path dir) throws Exception {
    int port = TestEnvironment.freePort();
    Map<String, String> env = new HashMap<>(Map.of(
      "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
      "FLUXLIT_GATEWAY_INSTANCES", "2"));
    try (StreamlitStandIn streamlit = StreamlitStandIn.in(dir);
         JavaProcess gateway = TestEnvironment.startJava(withAll(env, streamlit.environment()),
           "-jar", TestEnvironment.fluxlitJar().toString(), "run", streamlit.app().toString())) {
      Http http = awaitReady(gateway, port);
      Future<Http.Response> slow = http.sendAsync(http.options(HttpMethod.GET, "/slow"), null);
      Conditions.waitUntil(streamlit::slowArrived, 10, "the child to receive /slow");

      sigterm(gateway);

      Http.Response answer = slow.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      assertThat(answer.status()).as("/slow through the gateway while stopping\n" + gateway.tail(20)).isEqualTo(200);
      assertThat(gateway.waitForExit(Duration.ofSeconds(20))).as(gateway.tail(30)).isZero();
      assertThat(gateway.output()).contains("Streamlit stopped");
    }
  }

  private static JavaProcess jar(int port, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of(
      "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
      "FLUXLIT_GATEWAY_INSTANCES", "2",
      "FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()));
    env.putAll(extra);
    return TestEnvironment.startJava(env, "-jar", TestEnvironment.fluxlitJar().toString(), "run");
  }

  private static Map<String, String> withAll(Map<String, String> env, Map<String, String> more) {
    env.putAll(more);
    return env;
  }

  private static Http awaitReady(JavaProcess gateway, int port) {
    return TestEnvironment.awaitReady(gateway, new Http(vertx, port));
  }

  /** @return the close code the client receives (-1 for none) */
  private static CompletableFuture<Short> openWebSocket(int port, String uri) {
    CompletableFuture<Short> closeCode = new CompletableFuture<>();
    WebSocket ws = TestClients.webSocket(vertx).connect(new WebSocketConnectOptions().setHost("127.0.0.1")
      .setPort(port).setURI(uri).setSubProtocols(List.of("streamlit"))
      .addHeader("Origin", "http://127.0.0.1:" + port)).await();
    assertThat(ws.subProtocol()).isEqualTo("streamlit");
    ws.closeHandler(v -> closeCode.complete(ws.closeStatusCode() == null ? (short) -1 : ws.closeStatusCode()));
    return closeCode;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
