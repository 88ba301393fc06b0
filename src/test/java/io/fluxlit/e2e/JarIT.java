package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged fat jar, run as a real process: command line, exit statuses, configuration
 * errors, and serving {@code /api/healthz} both through {@code Main} and through the Vert.x
 * launcher.
 */
class JarIT {

  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void helpPrintsUsageAndExitsZero() {
    try (JavaProcess p = TestEnvironment.startJar(Map.of(), "--help")) {
      assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isZero();
      assertThat(p.stdout()).contains("Usage: java -jar fluxlit.jar run").contains("--version")
        .contains("java -jar fluxlit.jar dev ", "java -jar fluxlit.jar config ", "java -jar fluxlit.jar doctor ");
    }
  }

  @Test
  void versionExitsZero() {
    try (JavaProcess p = TestEnvironment.startJar(Map.of(), "--version")) {
      assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isZero();
      assertThat(p.stdout().strip()).startsWith("fluxlit ").doesNotContain("\n");
    }
  }

  @Test
  void invalidPortExitsTwoWithOneLineNamingTheSetting() {
    try (JavaProcess p = TestEnvironment.startJar(Map.of("FLUXLIT_GATEWAY_PORT", "abc"), "run")) {
      assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isEqualTo(2);
      assertThat(p.stderr().lines().toList()).as(p.tail(20))
        .singleElement().asString().contains("FLUXLIT_GATEWAY_PORT").contains("abc");
    }
  }

  @Test
  void refusedStreamlitArgumentExitsTwoNamingTheSetting() {
    try (JavaProcess p = TestEnvironment.startJar(Map.of("FLUXLIT_STREAMLIT_RUN_CLI_ARGS", "--server.port=1"), "run")) {
      assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isEqualTo(2);
      assertThat(p.stderr().lines().toList()).as(p.tail(20))
        .singleElement().asString().contains("FLUXLIT_STREAMLIT_RUN_CLI_ARGS").contains("--server.port");
    }
  }

  @Test
  void runWithoutUpstreamServesHealthz() {
    int port = TestEnvironment.freePort();
    try (JavaProcess p = TestEnvironment.startJar(Map.of("FLUXLIT_GATEWAY_PORT", Integer.toString(port), "FLUXLIT_GATWAY_HOST", "x"), "run")) {
      assertServesHealthz(p, port);
      // The typo guard: a misspelt variable is named, with the setting it probably meant.
      assertThat(p.output()).contains("unknown variable FLUXLIT_GATWAY_HOST is ignored (did you mean FLUXLIT_GATEWAY_HOST?)");
    }
  }

  @Test
  void invalidTransportExitsTwoWithOneLineNamingTheSetting() {
    try (JavaProcess p = TestEnvironment.startJar(Map.of("FLUXLIT_GATEWAY_TRANSPORT", "uring"), "run")) {
      assertThat(p.waitForExit(EXIT_TIMEOUT)).as(p.tail(20)).isEqualTo(2);
      assertThat(p.stderr().lines().toList()).as(p.tail(20))
        .singleElement().asString().contains("FLUXLIT_GATEWAY_TRANSPORT").contains("uring").contains("io_uring, epoll, nio");
    }
  }

  @Test
  void ioUringTransportServesHealthz() {
    int port = TestEnvironment.freePort();
    try (JavaProcess p = TestEnvironment.startJar(Map.of("FLUXLIT_GATEWAY_PORT", Integer.toString(port),
      "FLUXLIT_GATEWAY_TRANSPORT", "io_uring"), "run")) {
      assertServesHealthz(p, port);
      assertThat(p.output()).as(p.tail(20)).contains("network transport: io_uring (FLUXLIT_GATEWAY_TRANSPORT=io_uring)");
    }
  }

  @Test
  void unavailableTransportFallsBackWithOneWarning() {
    int port = TestEnvironment.freePort();
    // Netty's switch that makes every native transport unavailable, as on a kernel without them.
    try (JavaProcess p = TestEnvironment.startJava(Map.of("FLUXLIT_GATEWAY_PORT", Integer.toString(port),
        "FLUXLIT_GATEWAY_TRANSPORT", "io_uring"),
      "-Dio.netty.transport.noNative=true", "-jar", TestEnvironment.fluxlitJar().toString(), "run")) {
      assertServesHealthz(p, port);
      assertThat(p.output().lines().filter(line -> line.contains("FLUXLIT_GATEWAY_TRANSPORT")).toList()).as(p.tail(20))
        .singleElement().asString().contains("WARN").contains("io_uring is not available here").endsWith("using nio");
    }
  }

  @Test
  void vertxLauncherServesHealthz() {
    int port = TestEnvironment.freePort();
    try (JavaProcess p = TestEnvironment.startJava(Map.of("FLUXLIT_GATEWAY_PORT", Integer.toString(port)),
      "-cp", TestEnvironment.fluxlitJar().toString(),
      "io.vertx.launcher.application.VertxApplication", "io.fluxlit.FluxLitVerticle")) {
      assertServesHealthz(p, port);
    }
  }

  private void assertServesHealthz(JavaProcess p, int port) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/healthz"))
      .timeout(Duration.ofSeconds(5)).GET().build();
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    try {
      Conditions.waitUntil(() -> {
        if (!p.process().isAlive()) {
          throw new AssertionError("the gateway exited before serving /api/healthz");
        }
        try {
          answer.set(http.send(request, HttpResponse.BodyHandlers.ofString()));
          return true;
        } catch (IOException e) {
          return false; // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }, START_TIMEOUT, "GET /api/healthz on port " + port);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + p.tail(40), e);
    }
    HttpResponse<String> response = answer.get();
    String context = "GET /api/healthz -> " + response.statusCode() + " " + response.headers().map()
      + " " + response.body() + "\n" + p.tail(40);
    assertThat(response.statusCode()).as(context).isEqualTo(200);
    assertThat(new JsonObject(response.body())).as(context).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(response.headers().firstValue("X-Request-ID")).as(context).hasValueSatisfying(id -> assertThat(id).isNotBlank());
  }
}
