package io.fluxlit.sidecar;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Supervision of the managed child, fast: the "Streamlit" here is a tiny Python HTTP server that
 * takes Streamlit's command line and answers 200 everywhere, started through a wrapper given as
 * {@code FLUXLIT_STREAMLIT_PYTHON}. A {@code crash} file next to it makes every later start exit
 * with code 3 at once. (e2e/SupervisionIT does the same with the real Streamlit.)
 */
@ExtendWith(VertxExtension.class)
class SidecarSupervisionTest {

  private static final String FAKE = """
    import http.server, os, sys
    args = sys.argv[1:]
    port = int(args[args.index("--server.port") + 1])
    if os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)), "crash")):
        print("fake streamlit: crash file present, exiting 3", flush=True)
        sys.exit(3)

    class Ok(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    print("fake streamlit on port", port, flush=True)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Ok).serve_forever()
    """;

  @TempDir
  Path dir;

  private Path wrapper;
  private CapturedLogs logs;
  private Gateway gateway;

  @BeforeEach
  void writeFakeStreamlit() throws IOException {
    Path python = Files.isExecutable(TestEnvironment.venvPython()) ? TestEnvironment.venvPython() : Path.of("python3");
    Files.writeString(dir.resolve("fake_streamlit.py"), FAKE);
    Files.writeString(dir.resolve("app.py"), "# never run: the fake only looks at the port\n");
    wrapper = dir.resolve("python");
    Files.writeString(wrapper, "#!/bin/sh\nexec " + python + " " + dir.resolve("fake_streamlit.py") + " \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    logs = new CapturedLogs("fluxlit.sidecar", Level.INFO);
  }

  @AfterEach
  void stop() {
    try {
      if (gateway != null) {
        gateway.stop();
      }
    } finally {
      logs.close();
      children().forEach(ProcessHandle::destroyForcibly);
    }
  }

  private Gateway start(Vertx vertx, String restartMax, String initialBackoffS) {
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_APP", dir.resolve("app.py").toString())
      .put("FLUXLIT_STREAMLIT_PYTHON", wrapper.toString())
      .put("FLUXLIT_SIDECAR_RESTART_MAX", restartMax)
      .put("FLUXLIT_SIDECAR_BACKOFF_INITIAL_S", initialBackoffS)
      .put("FLUXLIT_SIDECAR_BACKOFF_MAX_S", "0.4"));
    return gateway;
  }

  @Test
  void aKilledChildIsRestartedOnTheSamePortAndLoggedOnce(Vertx vertx) {
    Http http = new Http(vertx, start(vertx, "3", "0.1").port());
    assertThat(http.get("/api/readyz").status()).isEqualTo(200);
    ProcessHandle first = onlyChild();

    first.destroyForcibly();

    Conditions.waitUntil(() -> onlyLiveChild().filter(p -> p.pid() != first.pid()).isPresent(), 20,
      "a new child after the kill");
    Conditions.waitUntil(() -> messages("up again").size() == 1, 20, "the restarted child to be healthy");
    assertThat(http.get("/api/readyz").status()).isEqualTo(200);
    assertThat(messages("exited with code")).singleElement().asString()
      .contains("exited with code 137").contains("restart 1 of at most 3").contains("FLUXLIT_SIDECAR_RESTART_MAX");
    assertThat(messages("restarting Streamlit")).hasSize(1);
    assertThat(events(Level.ERROR)).isEmpty();
  }

  @Test
  void aCrashLoopEndsInOneErrorAndNothingMore(Vertx vertx) throws IOException {
    Http http = new Http(vertx, start(vertx, "2", "0.1").port());
    assertThat(http.get("/api/readyz").status()).isEqualTo(200);
    Files.createFile(dir.resolve("crash"));

    onlyChild().destroyForcibly();

    Conditions.waitUntil(() -> !events(Level.ERROR).isEmpty(), 20, "the give-up ERROR");
    assertThat(events(Level.ERROR)).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
      .contains("exited with code 3").contains("failed 2 restarts in a row").contains("FLUXLIT_SIDECAR_RESTART_MAX=2");
    assertThat(messages("restarting Streamlit")).hasSize(2);
    assertThat(messages("; restarting it in")).hasSize(2)
      .satisfies(lines -> {
        assertThat(lines.get(0)).contains("exited with code 137").contains("in 0.1 s");
        assertThat(lines.get(1)).contains("exited with code 3").contains("in 0.2 s");
      });
    int eventsAtGiveUp = logs.events().size();
    Conditions.holdsFor(() -> onlyLiveChild().isEmpty() && logs.events().size() == eventsAtGiveUp, 1_500,
      "no child and no new sidecar log line after giving up");
    assertThat(http.get("/api/readyz").status()).isEqualTo(503);
    assertThat(http.get("/api/healthz").status()).isEqualTo(200);
  }

  @Test
  void stoppingCancelsAPendingRestart(Vertx vertx) {
    Gateway started = start(vertx, "3", "0.4");
    onlyChild().destroyForcibly();
    Conditions.waitUntil(() -> messages("; restarting it in").size() == 1, 20, "the restart to be scheduled");

    started.stop();
    gateway = null;

    Conditions.holdsFor(() -> onlyLiveChild().isEmpty(), 1_000, "no child started after the stop");
    assertThat(messages("restarting Streamlit")).isEmpty();
  }

  private List<String> messages(String fragment) {
    return logs.events().stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(fragment)).toList();
  }

  private List<ILoggingEvent> events(Level level) {
    return logs.events().stream().filter(e -> e.getLevel() == level).toList();
  }

  private List<ProcessHandle> children() {
    return ProcessHandle.current().descendants()
      .filter(p -> p.info().commandLine().orElse("").contains(dir.resolve("fake_streamlit.py").toString()))
      .toList();
  }

  private Optional<ProcessHandle> onlyLiveChild() {
    List<ProcessHandle> live = children().stream().filter(ProcessHandle::isAlive).toList();
    assertThat(live).as("live fake Streamlit children").hasSizeLessThanOrEqualTo(1);
    return live.stream().findFirst();
  }

  private ProcessHandle onlyChild() {
    return onlyLiveChild().orElseThrow(() -> new AssertionError("no fake Streamlit child"));
  }
}
