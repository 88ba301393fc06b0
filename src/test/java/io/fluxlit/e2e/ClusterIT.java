package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import io.fluxlit.testing.TestCluster;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clustered mode with real JVMs and the real Hazelcast cluster manager on loopback: gateway A,
 * then an extension-only JVM ({@code Main extension}), then gateway B. Both gateways serve the
 * extension's route whichever started first; killed with SIGKILL, its route answers 503 within
 * seconds on both, and comes back when a new extension JVM joins.
 */
class ClusterIT {

  private final List<JavaProcess> processes = new ArrayList<>();
  private final List<JavaProcess> gateways = new ArrayList<>();
  private TestCluster cluster;
  private int nextMember;
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    // Gateway A, the extension, gateway B, the extension that rejoins: each a port of its own.
    cluster = new TestCluster("it", 4);
  }

  @AfterEach
  void tearDown() {
    processes.forEach(JavaProcess::close);
    vertx.close().await();
  }

  @Test
  void extensionJvmServesBothGatewaysAndRejoinsAfterAKill() {
    try {
      servesBothGatewaysAndRejoins();
    } catch (Throwable e) { // await() rethrows checked exceptions as they are
      StringBuilder tails = new StringBuilder(String.valueOf(e.getMessage()));
      processes.forEach(p -> tails.append('\n').append(p.tail(60)));
      throw new AssertionError(tails.toString(), e);
    }
  }

  private void servesBothGatewaysAndRejoins() {
    Http gatewayA = startGateway();
    assertThat(greet(gatewayA, "before").status()).as("no extension yet").isEqualTo(404);

    int busPort = TestEnvironment.freePort();
    JavaProcess extension = startExtension(Map.of("FLUXLIT_CLUSTER_BUS_PORT", Integer.toString(busPort)));
    Conditions.waitUntil(() -> greet(gatewayA, "a0").status() == 200, 60, "gateway A serves the extension's route");
    assertThat(extension.stdout()).as("the fixed event-bus port (FLUXLIT_CLUSTER_BUS_PORT)")
      .contains("event bus on 127.0.0.1:" + busPort);
    assertThat(listening(busPort)).as("the extension JVM listens on " + busPort).isTrue();

    // Started after the extension: the route reaches it through the sync request.
    Http gatewayB = startGateway();
    Conditions.waitUntil(() -> greet(gatewayB, "b0").status() == 200, 60, "gateway B serves the extension's route");

    // One request ID from each gateway's client into the extension JVM's log.
    for (Map.Entry<String, Http> gateway : Map.of("cluster-a-1", gatewayA, "cluster-b-1", gatewayB).entrySet()) {
      Http.Response response = gateway.getValue().get("/api/greet/Ada", "X-Request-ID", gateway.getKey());
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().getString("greeting")).isEqualTo("Hello, Ada");
      assertThat(response.json().getString("request_id")).isEqualTo(gateway.getKey());
      Conditions.waitUntil(() -> extension.stdout().contains("request_id=" + gateway.getKey() + " greeting Ada"), 10,
        "the extension's log line with " + gateway.getKey());
    }

    extension.process().destroyForcibly();
    long killed = System.nanoTime();
    Conditions.waitUntil(() -> greet(gatewayA, "gone").status() == 503, 20, "gateway A answers 503");
    Conditions.waitUntil(() -> greet(gatewayB, "gone").status() == 503, 20, "gateway B answers 503");
    assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("from SIGKILL to 503 on both")
      .isLessThan(Duration.ofSeconds(15));
    Http.Response unavailable = gatewayA.get("/api/greet/Ada", "X-Request-ID", "cluster-gone");
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.requestId()).isEqualTo("cluster-gone");
    assertThat(unavailable.json().getString("request_id")).isEqualTo("cluster-gone");
    assertThat(gatewayA.get("/api/healthz").status()).as("the gateway itself is fine").isEqualTo(200);
    // Requests failed for the departed member are failed on their own context: the WARN line's
    // request_id field is the request's, not "-".
    gateways.forEach(g -> assertThat(g.stdout()).contains("extension request failed: ")
      .doesNotContain("request_id=- extension request failed"));

    JavaProcess rejoined = startExtension(Map.of());
    Conditions.waitUntil(() -> greet(gatewayA, "back").status() == 200, 60, "gateway A serves the route again");
    Conditions.waitUntil(() -> greet(gatewayB, "back").status() == 200, 60, "gateway B serves the route again");

    // A stopped extension JVM (SIGTERM) exits 0, and its route answers 503 at once: its consumers
    // left with it. It had no gateway to drain, and does not say it did.
    assertThat(rejoined.stop(Duration.ofSeconds(20))).as("the extension JVM exits on SIGTERM").isTrue();
    assertThat(rejoined.waitForExit(Duration.ofSeconds(5))).as("exit status").isZero();
    assertThat(greet(gatewayA, "stopped").status()).isEqualTo(503);
    assertThat(rejoined.stdout()).contains("FluxLit stopped").doesNotContain("gateway stopped");
  }

  @Test
  void anExtensionClassNotOnTheClassPathIsABadCommandLine() {
    JavaProcess process = start(Map.of(), "extension", "com.example.Missing");
    assertThat(process.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(process.stderr().strip())
      .isEqualTo("fluxlit: extension class com.example.Missing is not on the class path (-cp fluxlit.jar:your.jar)");
  }

  @Test
  void theExtensionCommandReadsTheSettingsFileLikeRun(@org.junit.jupiter.api.io.TempDir Path tmp)
    throws IOException {
    Path conf = Files.writeString(tmp.resolve("fluxlit.json"),
      "{\"extensions\": \"com.example.FromTheFile\"}");
    JavaProcess process = start(Map.of(), "extension", "--conf", conf.toString());
    assertThat(process.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(process.stderr().strip())
      .isEqualTo("fluxlit: extension class com.example.FromTheFile is not on the class path (-cp fluxlit.jar:your.jar)");
  }

  @Test
  void theExtensionCommandNeedsAClass() {
    JavaProcess process = start(Map.of(), "extension");
    assertThat(process.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(process.stderr().strip())
      .isEqualTo("fluxlit: extension needs at least one verticle class name (or FLUXLIT_EXTENSIONS)");
  }

  @Test
  void aClusterHostThatIsNotAnIpAddressStopsStartUp() {
    JavaProcess process = start(Map.of("FLUXLIT_CLUSTER", "1", "FLUXLIT_CLUSTER_HOST", "gateway.local"), "run");
    assertThat(process.waitForExit(Duration.ofSeconds(30))).isEqualTo(2);
    assertThat(process.stderr().strip()).isEqualTo(
      "fluxlit: FLUXLIT_CLUSTER_HOST='gateway.local' is invalid: expected an IP address, e.g. 127.0.0.1 or 10.0.0.5");
  }

  private Http startGateway() {
    int port = TestEnvironment.freePort();
    Map<String, String> env = cluster.env(nextMember++);
    env.put("FLUXLIT_GATEWAY_PORT", Integer.toString(port));
    JavaProcess gateway = start(env, "run");
    gateways.add(gateway);
    return TestEnvironment.awaitReady(gateway, new Http(vertx, port));
  }

  private JavaProcess startExtension(Map<String, String> extra) {
    Map<String, String> env = cluster.env(nextMember++);
    env.putAll(extra);
    JavaProcess extension = start(env, "extension", "io.fluxlit.api.GreeterExtension");
    try {
      Conditions.waitUntil(() -> {
        if (!extension.process().isAlive()) {
          throw new AssertionError("the extension JVM exited");
        }
        return extension.stdout().contains("extension host ready");
      }, 90, "the extension JVM joined and deployed");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + extension.tail(40), e);
    }
    return extension;
  }

  private JavaProcess start(Map<String, String> env, String... command) {
    List<String> args = new ArrayList<>(List.of("-cp",
      TestEnvironment.fluxlitJar() + ":" + TestEnvironment.projectDir().resolve("target/test-classes"), "io.fluxlit.Main"));
    args.addAll(List.of(command));
    JavaProcess process = TestEnvironment.startJava(env, args.toArray(String[]::new));
    processes.add(process);
    return process;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** GET /api/greet/NAME with a bound on the wait, so a lost request fails the poll, not the test run. */
  private static Http.Response greet(Http http, String name) {
    return http.send(http.options(HttpMethod.GET, "/api/greet/" + name).setIdleTimeout(20_000), null);
  }
}
