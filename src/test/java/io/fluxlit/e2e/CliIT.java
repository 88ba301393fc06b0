package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar's {@code config}, {@code doctor}, {@code dev} and {@code run --conf}, each as a
 * real process: JSON reports parsed, exit statuses, and the layering of a settings file under the
 * environment seen from outside (which port the gateway really listens on).
 */
class CliIT {

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  // ------------------------------------------------------------------------------------ config

  @Test
  void configJsonShowsEachValueWithItsSource() throws IOException {
    Path conf = settingsFile("{\"gateway_port\": 9101, \"root_path\": \"/app\", \"api_timeout_s\": 5}");
    try (JavaProcess p = TestEnvironment.startJar(Map.of("FLUXLIT_GATEWAY_PORT", "9102", "FLUXLIT_STREAMLIT_UPSTREAM", "http://u:pw@h:8501"),
      "config", "--json", "--conf", conf.toString(), "--host", "0.0.0.0")) {
      assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isZero();
      JsonObject report = new JsonObject(p.stdout());
      Map<String, JsonObject> rows = new HashMap<>();
      report.getJsonArray("settings").forEach(o -> rows.put(((JsonObject) o).getString("env"), (JsonObject) o));
      assertThat(report.getString("conf_file")).isEqualTo(conf.toString());
      assertThat(rows.get("FLUXLIT_GATEWAY_HOST").getString("source")).isEqualTo("cli");
      assertThat(rows.get("FLUXLIT_GATEWAY_PORT").getString("value")).isEqualTo("9102");
      assertThat(rows.get("FLUXLIT_GATEWAY_PORT").getString("source")).isEqualTo("env");
      assertThat(rows.get("FLUXLIT_ROOT_PATH").getString("source")).isEqualTo("file:" + conf);
      assertThat(rows.get("FLUXLIT_API_TIMEOUT_S").getString("value")).isEqualTo("5");
      assertThat(rows.get("FLUXLIT_LOG_LEVEL").getString("source")).isEqualTo("default");
      assertThat(rows.get("FLUXLIT_STREAMLIT_UPSTREAM").getString("value")).isEqualTo("http://u:[REDACTED]@h:8501");
      assertThat(p.output()).doesNotContain("u:pw@");
      assertThat(report.getJsonObject("binding")).isEqualTo(new JsonObject().put("host", "0.0.0.0").put("port", 9102));
    }
  }

  @Test
  void aBadSettingsFileExitsTwoWithOneLineNamingTheFileAndTheKey() throws IOException {
    Path conf = settingsFile("{\"gateway_prot\": 9000}");
    for (String command : new String[] {"run", "config", "doctor"}) {
      try (JavaProcess p = TestEnvironment.startJar(Map.of(), command, "--conf", conf.toString())) {
        assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isEqualTo(2);
        assertThat(p.stderr().lines().toList()).as(command + "\n" + p.tail(20)).singleElement().asString()
          .isEqualTo("fluxlit: " + conf + ": unknown key \"gateway_prot\" (did you mean \"gateway_port\"?)");
      }
    }
  }

  // ------------------------------------------------------------------------------------ doctor

  @Test
  void doctorPassesWithTheProjectsPythonAndStreamlit() {
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      ".venv/bin/python with streamlit (scripts/test.sh creates it)");
    try (JavaProcess p = TestEnvironment.startJar(Map.of(), "doctor", "--json", "--port", "0", "examples/hello/app.py")) {
      int status = p.waitForExit(EXIT_TIMEOUT);
      JsonObject report = new JsonObject(p.stdout());
      Map<String, JsonObject> rows = checks(report);
      assertThat(rows.get("python").getString("status")).as(p.stdout()).isEqualTo("PASS");
      assertThat(rows.get("python").getString("detail")).contains(".venv/bin/python", "Python 3.");
      assertThat(rows.get("streamlit").getString("status")).as(p.stdout()).isEqualTo("PASS");
      assertThat(rows.get("app").getString("status")).isEqualTo("PASS");
      assertThat(rows.get("java").getString("status")).isEqualTo("PASS");
      assertThat(report.getString("status")).as(p.stdout()).isEqualTo("PASS");
      assertThat(report.getString("target")).isEqualTo("examples/hello/app.py");
      assertThat(status).isZero();
    }
  }

  @Test
  void doctorFailsWhenThePortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      try (JavaProcess p = TestEnvironment.startJar(Map.of(), "doctor", "--json", "--port", Integer.toString(taken.getLocalPort()))) {
        assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isEqualTo(1);
        JsonObject report = new JsonObject(p.stdout());
        assertThat(report.getString("status")).isEqualTo("FAIL");
        assertThat(checks(report).get("gateway_port").getString("status")).isEqualTo("FAIL");
        assertThat(checks(report).get("gateway_port").getString("detail"))
          .contains("127.0.0.1:" + taken.getLocalPort());
      }
    }
  }

  @Test
  void doctorFailsWhenTheUpstreamIsUnreachable() {
    int closed = TestEnvironment.freePort();
    try (JavaProcess p = TestEnvironment.startJar(Map.of("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + closed),
      "doctor", "--json", "--port", "0")) {
      assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isEqualTo(1);
      JsonObject upstream = checks(new JsonObject(p.stdout())).get("upstream");
      assertThat(upstream.getString("status")).isEqualTo("FAIL");
      assertThat(upstream.getString("detail")).contains("http://127.0.0.1:" + closed + "/_stcore/health");
    }
  }

  // ------------------------------------------------------------------------------------ dev / run

  @Test
  void devServesTheDebugSnapshot() {
    int port = TestEnvironment.freePort();
    try (JavaProcess p = TestEnvironment.startJar(Map.of(), "dev", "--port", Integer.toString(port))) {
      HttpResponse<String> debug = awaitGet(p, port, "/__fluxlit/debug");
      assertThat(debug.statusCode()).as(p.tail(20)).isEqualTo(200);
      JsonObject snapshot = new JsonObject(debug.body());
      assertThat(snapshot.getBoolean("fluxlit_debug")).isTrue();
      assertThat(snapshot.getJsonObject("settings").getString("FLUXLIT_DEBUG")).isEqualTo("true");
    }
  }

  @Test
  void runWithoutDebugAnswers404OnTheDebugPath() {
    int port = TestEnvironment.freePort();
    try (JavaProcess p = TestEnvironment.startJar(Map.of(), "run", "--port", Integer.toString(port))) {
      awaitGet(p, port, "/api/healthz");
      assertThat(get(port, "/__fluxlit/debug").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void runTakesThePortFromTheSettingsFile() throws IOException {
    int port = TestEnvironment.freePort();
    Path conf = settingsFile("// the port for this test\n{\"gateway_port\": " + port + "}");
    try (JavaProcess p = TestEnvironment.startJar(Map.of(), "run", "--conf", conf.toString())) {
      assertThat(awaitGet(p, port, "/api/healthz").statusCode()).isEqualTo(200);
      assertThat(p.output()).contains("settings file " + conf + " read");
    }
  }

  @Test
  void anEnvironmentVariableOverridesTheSettingsFile() throws IOException {
    int filePort = TestEnvironment.freePort();
    int envPort = TestEnvironment.freePort();
    Path conf = settingsFile("{\"gateway_port\": " + filePort + ", \"enable_gateway_access_log\": true}");
    try (JavaProcess p = TestEnvironment.startJar(Map.of("FLUXLIT_GATEWAY_PORT", Integer.toString(envPort)), "run", "--conf", conf.toString())) {
      assertThat(awaitGet(p, envPort, "/api/healthz").statusCode()).isEqualTo(200);
      assertThat(p.output()).contains("FluxLit is ready: open http://127.0.0.1:" + envPort + "/");
      // The file's other value still applies: the access line is written at INFO.
      Conditions.waitUntil(() -> p.output().contains("/api/healthz"), START_TIMEOUT, "the INFO access line");
    }
  }

  @Test
  void theVertxLauncherTakesTheSettingsFileWithConf() throws IOException {
    int port = TestEnvironment.freePort();
    Path conf = settingsFile("{\"gateway_port\": " + port + "}");
    try (JavaProcess p = TestEnvironment.startJava(Map.of(), "-cp", TestEnvironment.fluxlitJar().toString(),
      "io.vertx.launcher.application.VertxApplication", "io.fluxlit.FluxLitVerticle", "-conf", conf.toString())) {
      assertThat(awaitGet(p, port, "/api/healthz").statusCode()).isEqualTo(200);
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  private Path settingsFile(String json) throws IOException {
    Path file = Files.createTempFile(dir, "fluxlit", ".json");
    Files.writeString(file, json);
    return file;
  }

  private static Map<String, JsonObject> checks(JsonObject report) {
    Map<String, JsonObject> rows = new HashMap<>();
    report.getJsonArray("checks").forEach(o -> rows.put(((JsonObject) o).getString("name"), (JsonObject) o));
    return rows;
  }

  private HttpResponse<String> get(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " on port " + port + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls until the gateway answers on {@code port}; fails at once if the process exits. */
  private HttpResponse<String> awaitGet(JavaProcess p, int port, String path) {
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    try {
      Conditions.waitUntil(() -> {
        if (!p.process().isAlive()) {
          throw new AssertionError("the process exited before answering GET " + path);
        }
        try {
          answer.set(get(port, path));
          return true;
        } catch (AssertionError notListeningYet) {
          return false;
        }
      }, START_TIMEOUT, "GET " + path + " on port " + port);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + p.tail(40), e);
    }
    return answer.get();
  }
}
