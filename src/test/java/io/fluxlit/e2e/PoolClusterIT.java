package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.TestCluster;
import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote worker over the clustered event bus (docs/scaling.md#workers-on-other-hosts): gateway A
 * with a managed worker of its own, a {@code worker} JVM, and gateway B with no Streamlit of its
 * own, all on loopback. The remote worker serves one browser through both gateways (the affinity
 * value is the worker's, so the cookie holds across them); when its JVM is killed, gateway A
 * re-pins the browser to its own worker and gateway B, left with none, says so with 502.
 */
class PoolClusterIT {

  private static final Duration START = Duration.ofSeconds(120);

  @TempDir
  Path tmp;

  private final List<JavaProcess> processes = new ArrayList<>();
  private final Map<String, String> cluster = new HashMap<>();
  private final TestCluster members = new TestCluster("pool-it", 3);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void tearDown() {
    processes.forEach(JavaProcess::close);
  }

  @Test
  void aRemoteWorkerServesThroughBothGatewaysAndItsBrowsersAreRePinnedWhenItDies() throws Exception {
    TestEnvironment.fluxlitJar();
    HeadlessChromium.require();
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()), TestEnvironment.venvPython() + " with streamlit");
    cluster.put("FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString());
    cluster.put("FLUXLIT_STREAMLIT_RUN_CLI_ARGS", "--server.enableXsrfProtection true");
    cluster.put("FLUXLIT_READINESS_PROBE_TIMEOUT_S", "5");
    cluster.put("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "true");
    try {
      int portA = TestEnvironment.freePort();
      JavaProcess gatewayA = start("run", portA, "src/test/apps/pool_app.py");
      await(gatewayA, "FluxLit is ready");
      // FLUXLIT_STREAMLIT_PORT: the worker's Streamlit on a fixed port, as a firewall wants it.
      int streamlitPort = TestEnvironment.freePort();
      JavaProcess worker = start("worker", 0, "src/test/apps/pool_app.py", Map.of("FLUXLIT_STREAMLIT_PORT",
        Integer.toString(streamlitPort)));
      await(worker, "worker ready: Streamlit on http://127.0.0.1:" + streamlitPort + ",");
      int portB = TestEnvironment.freePort();
      JavaProcess gatewayB = start("run", portB, null);
      await(gatewayB, "FluxLit is ready");
      Conditions.waitUntil(() -> gatewayA.output().contains("pool: worker r1.1 (remote")
          && gatewayB.output().contains("pool: worker r1.1 (remote"), START, "both gateways add the remote worker");
      long remotePid = worker.process().descendants().filter(p -> p.info().commandLine().map(c -> c.contains("streamlit"))
        .orElse(false)).findFirst().orElseThrow().pid();

      try (PoolBrowser browser = PoolBrowser.start("c1", tmp)) {
        try {
          assertThat(browser.open("http://127.0.0.1:" + portB + "/"))
            .as("gateway B has only the remote worker").isEqualTo(remotePid);
          browser.uploadAndSeeDigest("through gateway B");
          // The same browser (cookies are per host, not per port) through gateway A: the same worker.
          assertThat(browser.open("http://127.0.0.1:" + portA + "/"))
            .as("the affinity cookie holds across gateways").isEqualTo(remotePid);
          browser.uploadAndSeeDigest("through gateway A");
          browser.seeMediaImage();

          worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
          worker.process().destroyForcibly(); // the host is gone: JVM and Streamlit, no goodbye
          Conditions.waitUntil(() -> gatewayA.output().contains("pool: worker r1.1")
              && gatewayA.output().contains("removed: its cluster member"), Duration.ofSeconds(30),
            "gateway A removes the remote worker when its member leaves");
          long local = browser.open("http://127.0.0.1:" + portA + "/");
          assertThat(local).as("re-pinned to gateway A's own worker").isNotEqualTo(remotePid);
          browser.uploadAndSeeDigest("after the remote worker died");
          Conditions.waitUntil(() -> gatewayB.output().contains("removed: its cluster member"),
            Duration.ofSeconds(30), "gateway B removes it too");
          HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portB + "/"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(none.statusCode()).isEqualTo(502);
          assertThat(none.body()).contains("no Streamlit worker is in the pool");
          gatewayA.output().lines().filter(l -> l.contains("fluxlit.pool")).forEach(System.out::println);
        } catch (AssertionError | RuntimeException e) {
          browser.screenshot();
          throw e;
        }
      }
    } catch (AssertionError | RuntimeException e) {
      StringBuilder tails = new StringBuilder(String.valueOf(e.getMessage()));
      processes.forEach(p -> tails.append('\n').append(p.tail(50)));
      throw new AssertionError(tails.toString(), e);
    }
  }

  private JavaProcess start(String command, int port, String app) {
    return start(command, port, app, Map.of());
  }

  private JavaProcess start(String command, int port, String app, Map<String, String> extra) {
    Map<String, String> env = members.env(processes.size()); // gateway A, the worker, gateway B
    env.putAll(cluster);
    env.putAll(extra);
    if (port > 0) {
      env.put("FLUXLIT_GATEWAY_PORT", Integer.toString(port));
    }
    List<String> args = new ArrayList<>(List.of(command));
    if (app != null) {
      args.add(app);
    }
    JavaProcess process = TestEnvironment.startJar(env, args.toArray(String[]::new));
    processes.add(process);
    return process;
  }

  private static void await(JavaProcess process, String line) {
    Conditions.waitUntil(() -> {
      if (!process.process().isAlive()) {
        throw new AssertionError("exited before '" + line + "'");
      }
      return process.output().contains(line);
    }, START, "'" + line + "'");
  }
}
