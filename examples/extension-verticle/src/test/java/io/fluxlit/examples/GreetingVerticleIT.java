package io.fluxlit.examples;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The example as the docs run it: {@code target/extension-verticle.jar} beside the root's
 * {@code target/fluxlit.jar}, first in the gateway's JVM ({@code FLUXLIT_EXTENSIONS}), then in a
 * JVM of its own on the clustered event bus ({@code io.fluxlit.Main extension}).
 */
class GreetingVerticleIT {

  private static final String CLASS = "io.fluxlit.examples.GreetingVerticle";
  private static final Duration START = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Started> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(Started::stop);
  }

  @Test
  void servesItsRoutesFromTheGatewaysJvm() throws Exception {
    int port = freePort();
    Started gateway = java(Map.of("FLUXLIT_GATEWAY_PORT", Integer.toString(port), "FLUXLIT_EXTENSIONS", CLASS), "run");
    waitFor(() -> gateway.log().contains("FluxLit is ready"), gateway, "the gateway");
    checkRoutes(port, gateway, "one-jvm-1");
  }

  @Test
  void servesItsRoutesFromAnExtensionJvmOnTheCluster() throws Exception {
    Map<String, String> cluster = Map.of("FLUXLIT_CLUSTER", "1", "FLUXLIT_CLUSTER_NAME", "example-" + UUID.randomUUID(),
      "FLUXLIT_CLUSTER_PORT", Integer.toString(freePort()));
    int port = freePort();
    Map<String, String> gatewayEnv = new HashMap<>(cluster);
    gatewayEnv.put("FLUXLIT_GATEWAY_PORT", Integer.toString(port));
    Started gateway = java(gatewayEnv, "run");
    Started extension = java(cluster, "extension", CLASS);
    waitFor(() -> gateway.log().contains("FluxLit is ready"), gateway, "the gateway");
    waitFor(() -> extension.log().contains("extension host ready"), extension, "the extension JVM");
    waitFor(() -> get(port, "/api/greet/probe", "probe").statusCode() == 200, gateway, "the route through the cluster");
    checkRoutes(port, extension, "clustered-1");
  }

  /** GET /api/greet/Ada and POST /api/echo, and the request ID in the extension's log line. */
  private void checkRoutes(int port, Started extensionLog, String requestId) throws Exception {
    HttpResponse<String> greeting = get(port, "/api/greet/Ada", requestId);
    assertEquals(200, greeting.statusCode(), greeting.body());
    assertEquals(new JsonObject().put("greeting", "Hello, Ada").put("request_id", requestId), new JsonObject(greeting.body()));
    assertEquals(requestId, greeting.headers().firstValue("X-Request-ID").orElse(null));
    waitFor(() -> extensionLog.log().contains("examples.greeting request_id=" + requestId + " greeting Ada"), extensionLog,
      "the extension's log line with request_id=" + requestId);

    String body = "{\"hello\":[1,2,3]}";
    HttpResponse<String> echo = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/echo"))
      .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, echo.statusCode(), echo.body());
    assertEquals(new JsonObject(body), new JsonObject(echo.body()));
  }

  private HttpResponse<String> get(int port, String path, String requestId) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("X-Request-ID", requestId).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Started java(Map<String, String> env, String... command) throws IOException {
    Path fluxlit = Path.of(System.getProperty("fluxlit.jar"));
    Path extension = Path.of(System.getProperty("extension.jar"));
    assertTrue(Files.isRegularFile(fluxlit), fluxlit + " (mvn -B package at the root first)");
    assertTrue(Files.isRegularFile(extension), extension.toString());
    List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", fluxlit + ":" + extension, "io.fluxlit.Main"));
    args.addAll(List.of(command));
    Path log = Files.createTempFile("example-", ".log");
    ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("FLUXLIT_"));
    builder.environment().putAll(env);
    Started process = new Started(builder.start(), log);
    started.add(process);
    return process;
  }

  /** Polls until {@code condition} holds; fails with the process's log when it does not in time. */
  private static void waitFor(BooleanSupplier condition, Started process, String what) throws InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      if (!process.process().isAlive() || System.nanoTime() > deadline) {
        fail("waiting for " + what + " failed" + (process.process().isAlive() ? " (timeout)" : " (exited)") + ":\n" + process.log());
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Started(Process process, Path logFile) {

    String log() {
      try {
        return Files.readString(logFile);
      } catch (IOException e) {
        return "";
      }
    }

    void stop() {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
