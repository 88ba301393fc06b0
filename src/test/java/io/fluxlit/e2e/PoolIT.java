package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.HeadlessChromium;
import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker pool with real Streamlit workers and headless Chromium (docs/scaling.md), Streamlit's
 * XSRF protection on: browsers spread over the workers and each one's uploads and {@code /media/}
 * image reach the process that holds its session; a SIGKILLed worker's browsers are re-pinned and
 * readiness stays 200; a rolling reload keeps open sessions and sends new ones to new processes.
 */
class PoolIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String XSRF_ON = "--server.enableXsrfProtection true";

  @TempDir
  Path tmp;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeEach
  void require() {
    TestEnvironment.fluxlitJar();
    HeadlessChromium.require();
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()), TestEnvironment.venvPython() + " with streamlit");
  }

  @Test
  void fourBrowsersSpreadOverTwoWorkersAndEachKeepsItsUploadsAndMedia() throws Exception {
    int port = TestEnvironment.freePort();
    try (JavaProcess gateway = startPool(port, Map.of("FLUXLIT_DEBUG", "true"))) {
      String base = awaitPool(gateway, port, 2);
      List<PoolBrowser> browsers = new ArrayList<>();
      try {
        Map<Long, Integer> perPid = new HashMap<>();
        for (int i = 1; i <= 4; i++) {
          PoolBrowser browser = PoolBrowser.start("b" + i, tmp);
          browsers.add(browser);
          long pid = browser.open(base + "/");
          browser.uploadAndSeeDigest("upload of browser " + i + " " + System.nanoTime());
          browser.seeMediaImage();
          perPid.merge(pid, 1, Integer::sum);
          assertThat(browser.affinityCookie()).as("b%d's affinity cookie", i).matches("[0-9a-f]{16}");
        }
        assertThat(perPid.keySet()).as("the worker processes that served the four browsers")
          .isEqualTo(streamlitPids(gateway));
        assertThat(perPid.values()).as("browsers per worker: the one with fewer open sessions takes the next")
          .containsExactly(2, 2);
        Cookie cookie = browsers.get(0).affinityCookieWithAttributes();
        assertThat(cookie.isHttpOnly()).as("HttpOnly").isTrue();
        assertThat(cookie.getPath()).isEqualTo("/");
        assertThat(cookie.getSameSite()).isEqualToIgnoringCase("Lax");

        JsonObject ready = readyz(port);
        assertThat(ready.getString("status")).isEqualTo("ready");
        assertThat(ready.getJsonArray("workers").stream().map(w -> ((JsonObject) w).getInteger("sessions")).toList())
          .as("open sessions per worker in /api/readyz").containsExactly(2, 2);
        assertThat(gateway.output()).as("the access log names the worker")
          .containsPattern("gateway PUT /_stcore/upload_file/\\S+ request_id=\\S+ status=204 .* worker=w1\\.1")
          .containsPattern("gateway PUT /_stcore/upload_file/\\S+ request_id=\\S+ status=204 .* worker=w2\\.1");
        assertThat(debugPool(port).getJsonArray("workers")).as("/__fluxlit/debug shows the pool").hasSize(2);
      } catch (AssertionError | RuntimeException e) {
        browsers.forEach(PoolBrowser::screenshot);
        throw new AssertionError(e.getMessage() + "\n" + gateway.tail(80), e);
      } finally {
        browsers.forEach(PoolBrowser::close);
      }
      // A WebSocket's access line is written when it closes.
      Conditions.waitUntil(() -> gateway.output().matches(
          "(?s).*gateway websocket /_stcore/stream request_id=\\S+ status=101 .* worker=w2\\.1.*"),
        Duration.ofSeconds(20), "the sessions' access lines naming their worker");
    }
  }

  @Test
  void aSigkilledWorkersBrowsersAreServedByTheOtherAndItComesBack() throws Exception {
    int port = TestEnvironment.freePort();
    // A slow first restart leaves time to see the pool with one of two workers up.
    try (JavaProcess gateway = startPool(port, Map.of("FLUXLIT_SIDECAR_BACKOFF_INITIAL_S", "6"))) {
      String base = awaitPool(gateway, port, 2);
      try (PoolBrowser first = PoolBrowser.start("k1", tmp); PoolBrowser second = PoolBrowser.start("k2", tmp)) {
        try {
          long victim = first.open(base + "/");
          long survivor = second.open(base + "/");
          assertThat(survivor).as("two browsers, two workers").isNotEqualTo(victim);

          ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // SIGKILL
          Conditions.waitUntil(() -> gateway.output().contains("exited with code 137"),
            Duration.ofSeconds(20), "the worker's death in the log");
          JsonObject degraded = readyz(port);
          assertThat(degraded.getString("status")).as("readiness with one of two workers up: " + degraded).isEqualTo("ready");
          assertThat(degraded.getInteger("ready_workers")).isEqualTo(1);
          assertThat(degraded.getJsonArray("workers").stream().map(w -> ((JsonObject) w).getString("state")).toList())
            .containsExactlyInAnyOrder("up", "down");

          long after = first.open(base + "/");
          assertThat(after).as("the killed worker's browser, reloaded, is served by the other worker").isEqualTo(survivor);
          first.uploadAndSeeDigest("after the failover " + System.nanoTime());
          first.seeMediaImage();
          assertThat(gateway.output()).contains("pool: browser re-pinned from w");

          Conditions.waitUntil(() -> gateway.output().contains("Streamlit is up again"), Duration.ofSeconds(60),
            "the killed worker restarted");
          Set<Long> pids = streamlitPids(gateway);
          assertThat(pids).hasSize(2).contains(survivor).doesNotContain(victim);
          long restarted = pids.stream().filter(p -> p != survivor).findFirst().orElseThrow();
          try (PoolBrowser third = PoolBrowser.start("k3", tmp)) {
            assertThat(third.open(base + "/")).as("a new browser goes to the restarted worker, which has no session")
              .isEqualTo(restarted);
            third.uploadAndSeeDigest("on the restarted worker");
          }
          // The record of the failover, for target/failsafe-reports/*-output.txt.
          gateway.output().lines().filter(l -> l.contains("fluxlit.pool") || l.contains("fluxlit.sidecar"))
            .forEach(System.out::println);
        } catch (AssertionError | RuntimeException e) {
          first.screenshot();
          second.screenshot();
          throw new AssertionError(e.getMessage() + "\n" + gateway.tail(80), e);
        }
      }
    }
  }

  @Test
  void reloadKeepsAnOpenSessionUntilTheDrainTimeoutAndSendsNewOnesToTheNewProcess() throws Exception {
    int port = TestEnvironment.freePort();
    Path app = tmp.resolve("app.py");
    Files.copy(TestEnvironment.projectDir().resolve("src/test/apps/pool_app.py"), app);
    try (JavaProcess gateway = startPool(port, Map.of("FLUXLIT_STREAMLIT_DRAIN_TIMEOUT_S", "25"), app.toString(), "1")) {
      String base = awaitPool(gateway, port, 1);
      try (PoolBrowser old = PoolBrowser.start("r1", tmp)) {
        try {
          long before = old.open(base + "/");
          Files.writeString(app, Files.readString(app).replace("VERSION = \"1\"", "VERSION = \"2\""));

          JavaProcess reload = TestEnvironment.startJar(Map.of(), "reload", "--port", Integer.toString(port));
          assertThat(reload.waitForExit(Duration.ofSeconds(30))).as(() -> "reload's exit status\n" + reload.output()).isZero();
          assertThat(reload.stdout()).contains("reload requested");
          Conditions.waitUntil(() -> gateway.output().contains("pool: worker w1.1 (managed"),
            Duration.ofSeconds(5), "w1.1 in the log");
          Conditions.waitUntil(() -> gateway.output().matches("(?s).*pool: worker w1\\.1 \\(managed, [^)]*\\) is draining.*"),
            Duration.ofSeconds(60), "the old worker draining");

          // The old session goes on: a new upload is processed by the old process.
          old.uploadAndSeeDigest("during the drain " + System.nanoTime());
          assertThat(old.pid()).isEqualTo(before);
          assertThat(ProcessHandle.of(before)).as("the old process during the drain").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

          try (PoolBrowser fresh = PoolBrowser.start("r2", tmp)) {
            long now = fresh.open(base + "/");
            assertThat(now).as("a new session lands on the new process").isNotEqualTo(before);
            assertThat(fresh.body()).contains("app version: 2");
            fresh.uploadAndSeeDigest("on the new process");
            fresh.seeMediaImage();
          }
          Conditions.waitUntil(() -> gateway.output().contains("drain timeout passed with 1 sessions still open"),
            Duration.ofSeconds(60), "the old worker stopped at the drain timeout");
          Conditions.waitUntil(() -> ProcessHandle.of(before).map(p -> !p.isAlive()).orElse(true),
            Duration.ofSeconds(15), "the old process gone");
          assertThat(gateway.output()).contains("reload: done, 1 workers replaced");
          // Its browser, on its next page load, is pinned to the new process.
          assertThat(old.open(base + "/")).isNotEqualTo(before);
          gateway.output().lines().filter(l -> l.contains("reload:") || l.contains("fluxlit.pool"))
            .forEach(System.out::println);
        } catch (AssertionError | RuntimeException e) {
          old.screenshot();
          throw new AssertionError(e.getMessage() + "\n" + gateway.tail(80), e);
        }
      }
    }
  }

  private static JavaProcess startPool(int port, Map<String, String> extraEnv) {
    return startPool(port, extraEnv, "src/test/apps/pool_app.py", "2");
  }

  private static JavaProcess startPool(int port, Map<String, String> extraEnv, String app, String workers) {
    Map<String, String> env = new HashMap<>(Map.of(
      "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
      "FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString(),
      "FLUXLIT_STREAMLIT_RUN_CLI_ARGS", XSRF_ON,
      "FLUXLIT_GATEWAY_INSTANCES", "2",
      // A busy 2-core machine: the readiness probe of a serving worker may take more than 0.5 s.
      "FLUXLIT_READINESS_PROBE_TIMEOUT_S", "5",
      "FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "true"));
    env.putAll(extraEnv);
    return TestEnvironment.startJar(env, "run", app, "--workers", workers);
  }

  /** @return the base URL once the gateway is ready with {@code workers} workers up */
  private String awaitPool(JavaProcess gateway, int port, int workers) {
    AtomicReference<JsonObject> last = new AtomicReference<>();
    try {
      Conditions.waitUntil(() -> {
        if (!gateway.process().isAlive()) {
          throw new AssertionError("the gateway exited during start-up");
        }
        if (!gateway.output().contains("FluxLit is ready")) {
          return false;
        }
        JsonObject ready = readyz(port);
        last.set(ready);
        JsonArray list = ready.getJsonArray("workers", new JsonArray());
        return workers == 1 ? "ready".equals(ready.getString("status"))
          : list.size() == workers && list.stream().allMatch(w -> "up".equals(((JsonObject) w).getString("state")));
      }, START_TIMEOUT, workers + " workers up");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + " (last readyz: " + last.get() + ")\n" + gateway.tail(60), e);
    }
    return "http://127.0.0.1:" + port;
  }

  private JsonObject readyz(int port) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/readyz"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return new JsonObject(response.body()).put("http_status", response.statusCode());
    } catch (IOException e) {
      return new JsonObject().put("error", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private JsonObject debugPool(int port) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/__fluxlit/debug"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return new JsonObject(response.body()).getJsonObject("pool");
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** @return the pids of the gateway's Streamlit children */
  private static Set<Long> streamlitPids(JavaProcess gateway) {
    return gateway.process().descendants()
      .filter(p -> p.info().commandLine().map(c -> c.contains("streamlit")).orElse(false))
      .map(ProcessHandle::pid).collect(Collectors.toCollection(HashSet::new));
  }
}
