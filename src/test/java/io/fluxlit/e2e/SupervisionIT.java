package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar with the real Streamlit from .venv as its managed child (docs/configuration.md, supervision):
 * the child is SIGKILLed and comes back on its own while {@code /api} keeps answering; and a
 * child that keeps dying ends in one clear ERROR after a bounded number of spaced-out restarts.
 */
class SupervisionIT {

  /**
   * How long nothing may happen after the give-up: three times the longest backoff the crash-loop
   * test configures (1 s), so a restart still on its way would show.
   */
  private static final long QUIET_AFTER_GIVE_UP_MS = 3_000;

  private static Vertx vertx;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void needsStreamlit() {
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
  }

  @Test
  void aKilledStreamlitIsRestartedWhileTheApiKeepsAnswering() {
    int port = TestEnvironment.freePort();
    try (JavaProcess gateway = jar(port, TestEnvironment.venvPython(), Map.of())) {
      Http http = awaitReady(gateway, port);
      long gatewayPid = gateway.process().pid();
      ProcessHandle first = onlyStreamlit(gateway);

      first.destroyForcibly(); // SIGKILL

      Conditions.waitUntil(() -> healthyApi(http, gateway) && http.get("/api/readyz").status() == 503, 20,
        "readiness 503 after the kill");
      Conditions.waitUntil(() -> healthyApi(http, gateway) && http.get("/api/readyz").status() == 200
          && gateway.stdout().contains("Streamlit is up again"), 90, "readiness 200 again after the restart");

      assertThat(gateway.process().isAlive()).isTrue();
      assertThat(gateway.process().pid()).isEqualTo(gatewayPid);
      assertThat(first.isAlive()).isFalse();
      assertThat(onlyStreamlit(gateway).pid()).isNotEqualTo(first.pid());
      WebSocket ws = TestClients.webSocket(vertx).connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/_stcore/stream").setSubProtocols(List.of("streamlit"))
        .addHeader("Origin", "http://127.0.0.1:" + port)).await();
      assertThat(ws.subProtocol()).isEqualTo("streamlit");
      ws.close().await();

      String out = gateway.stdout();
      assertThat(sidecarLines(out, "Streamlit exited with code")).as(out).singleElement().asString()
        .contains("WARN").contains("exited with code 137").contains("restart 1 of at most 5");
      assertThat(sidecarLines(out, "restarting Streamlit on port")).as(out).hasSize(1);
      assertThat(sidecarLines(out, "Streamlit is up again")).as(out).hasSize(1);
      assertThat(sidecarLines(out, "ERROR")).as(out).isEmpty();
      assertThat(count(out, "FluxLit is ready")).as("the gateway itself did not restart").isEqualTo(1);
      System.out.println("--- kill and heal ---\n" + String.join("\n", sidecarLines(out, "")));
    }
  }

  /**
   * The child the gateway starts is a wrapper around the real interpreter: the first time it runs
   * the real Streamlit, and once the test has created a marker file it exits with code 3 at once,
   * as a child whose environment broke would. (A Streamlit script calling {@code os._exit} is no
   * good here: Streamlit runs the script only when a browser session connects.)
   */
  @Test
  void aCrashLoopEndsInOneClearErrorWithoutABusyLoop() throws IOException {
    Path marker = dir.resolve("broken");
    Path python = dir.resolve("python");
    Files.writeString(python, "#!/bin/sh\n"
      + "if [ -e '" + marker + "' ]; then echo 'crash-loop wrapper: exiting 3'; exit 3; fi\n"
      + "exec '" + TestEnvironment.venvPython() + "' \"$@\"\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = TestEnvironment.freePort();
    try (JavaProcess gateway = jar(port, python, Map.of(
      "FLUXLIT_SIDECAR_RESTART_MAX", "3",
      "FLUXLIT_SIDECAR_BACKOFF_INITIAL_S", "0.3",
      "FLUXLIT_SIDECAR_BACKOFF_MAX_S", "1"))) {
      Http http = awaitReady(gateway, port);
      Files.createFile(marker);

      onlyStreamlit(gateway).destroyForcibly();

      Conditions.waitUntil(() -> healthyApi(http, gateway) && gateway.stdout().contains("FLUXLIT_SIDECAR_RESTART_MAX=3"), 60,
        "the give-up ERROR");
      String out = gateway.stdout();
      assertThat(sidecarLines(out, "ERROR")).as(out).singleElement().asString()
        .contains("exited with code 3").contains("failed 3 restarts in a row").contains("giving up");
      List<String> restarts = sidecarLines(out, "restarting Streamlit on port");
      assertThat(restarts).as(out).hasSize(3);
      // Spaced out by the backoff, 0.3 s, 0.6 s, 1 s (the exits before take a little more).
      assertThat(gapMillis(out, "Streamlit exited with code 137", restarts.get(0))).isGreaterThanOrEqualTo(300);
      assertThat(gapMillis(out, restarts.get(0), restarts.get(1))).isGreaterThanOrEqualTo(600);
      assertThat(gapMillis(out, restarts.get(1), restarts.get(2))).isGreaterThanOrEqualTo(1_000);

      int sidecarLinesAtGiveUp = sidecarLines(out, "").size();
      Conditions.holdsFor(() -> healthyApi(http, gateway) && http.get("/api/readyz").status() == 503
          && gateway.process().descendants().noneMatch(ProcessHandle::isAlive)
          && sidecarLines(gateway.stdout(), "").size() == sidecarLinesAtGiveUp, QUIET_AFTER_GIVE_UP_MS,
        "given up: readiness 503, /api 200, no child, no new sidecar log line");
      System.out.println("--- crash loop ---\n" + String.join("\n", sidecarLines(out, "")));
    }
  }

  private static JavaProcess jar(int port, Path python, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of(
      "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
      "FLUXLIT_GATEWAY_INSTANCES", "2",
      "FLUXLIT_STREAMLIT_PYTHON", python.toString()));
    env.putAll(extra);
    return TestEnvironment.startJava(env, "-jar", TestEnvironment.fluxlitJar().toString(), "run",
      TestEnvironment.projectDir().resolve("examples/hello/app.py").toString());
  }

  private static Http awaitReady(JavaProcess gateway, int port) {
    return TestEnvironment.awaitReady(gateway, new Http(vertx, port));
  }

  /** Asserted on every poll: the API answers throughout. */
  private static boolean healthyApi(Http http, JavaProcess gateway) {
    int status;
    try {
      status = http.get("/api/healthz").status();
    } catch (Exception e) {
      throw new AssertionError("GET /api/healthz failed: " + e + "\n" + gateway.tail(40), e);
    }
    assertThat(status).as("/api/healthz while Streamlit is down or back\n" + gateway.tail(40)).isEqualTo(200);
    return true;
  }

  private static ProcessHandle onlyStreamlit(JavaProcess gateway) {
    List<ProcessHandle> streamlit = gateway.process().descendants()
      .filter(ProcessHandle::isAlive)
      .filter(p -> p.info().commandLine().orElse("").contains("streamlit"))
      .toList();
    assertThat(streamlit).as("live Streamlit children of the gateway").hasSize(1);
    return streamlit.get(0);
  }

  private static List<String> sidecarLines(String out, String fragment) {
    return out.lines().filter(l -> l.contains(" fluxlit.sidecar ") && l.contains(fragment)).toList();
  }

  private static long count(String out, String fragment) {
    return out.lines().filter(l -> l.contains(fragment)).count();
  }

  /** Milliseconds between the first line containing {@code from} and the line {@code to}. */
  private static long gapMillis(String out, String from, String to) {
    String first = out.lines().filter(l -> l.contains(from)).findFirst().orElseThrow();
    return Duration.between(time(first), time(to)).toMillis();
  }

  private static Instant time(String line) {
    return Instant.parse(line.substring(0, line.indexOf(' ')));
  }
}
