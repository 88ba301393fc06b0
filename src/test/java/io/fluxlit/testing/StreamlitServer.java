package io.fluxlit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Streamlit (from .venv) running the hello example on a free loopback port, started by
 * the test itself rather than by the gateway, so that a test can put something between the two
 * (an {@link CountingUpstream}). Closing it kills the process.
 */
public final class StreamlitServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private StreamlitServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** @return a started Streamlit, healthy */
  public static StreamlitServer start() {
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
    int port = TestEnvironment.freePort();
    Path app = TestEnvironment.projectDir().resolve("examples/hello/app.py");
    try {
      Process process = new ProcessBuilder(TestEnvironment.venvPython().toString(), "-m", "streamlit", "run",
        app.toString(), "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port",
        Integer.toString(port), "--browser.gatherUsageStats", "false")
        .redirectErrorStream(true)
        .redirectOutput(TestEnvironment.projectDir().resolve("target").resolve("streamlit-" + port + ".log").toFile())
        .start();
      StreamlitServer server = new StreamlitServer(process, port);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      Conditions.waitUntil(() -> server.healthy(http), 60, "Streamlit on port " + port + " to be healthy");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean healthy(HttpClient http) {
    if (!process.isAlive()) {
      throw new AssertionError("Streamlit exited with " + process.exitValue() + " (target/streamlit-" + port + ".log)");
    }
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url() + "/_stcore/health")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public int port() {
    return port;
  }

  /** @return {@code http://127.0.0.1:PORT} */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
