package io.fluxlit.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A managed Streamlit child that starts in a blink: a small Python HTTP server that takes
 * Streamlit's command line ({@code --server.port}), started through a wrapper given as
 * {@code FLUXLIT_STREAMLIT_PYTHON}. For supervision and shutdown tests, where the real Streamlit
 * (e2e/SupervisionIT, e2e/ShutdownIT's last test) is too slow to start many times or has no slow
 * page. It answers {@code 200 ok} everywhere, except:
 * <ul>
 *   <li>{@code GET /slow}: notes that it arrived ({@link #slowArrived()}), then answers after 3 s;</li>
 *   <li>after {@link #crashFromNowOn()}, every later start exits with code 3 at once, as a child
 *       whose environment broke would.</li>
 * </ul>
 * Closing it kills any of its processes still alive.
 */
public final class StreamlitStandIn implements AutoCloseable {

  private static final String SCRIPT = """
    import http.server, os, pathlib, sys, time
    here = os.path.dirname(os.path.abspath(__file__))
    args = sys.argv[1:]
    port = int(args[args.index("--server.port") + 1])
    if os.path.exists(os.path.join(here, "crash")):
        print("stand-in streamlit: crash file present, exiting 3", flush=True)
        sys.exit(3)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/slow":
                pathlib.Path(here, "slow-arrived").touch()
                time.sleep(3)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    print("stand-in streamlit on port", port, flush=True)
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
    """;

  private final Path dir;
  private final Path script;
  private final Path wrapper;
  private final Path app;

  private StreamlitStandIn(Path dir) {
    this.dir = dir;
    this.script = dir.resolve("stand_in_streamlit.py");
    this.wrapper = dir.resolve("python");
    this.app = dir.resolve("app.py");
  }

  /**
   * @param dir an empty directory of the test's (a {@code @TempDir})
   * @return the stand-in, written there, not started: the gateway starts it
   */
  public static StreamlitStandIn in(Path dir) {
    StreamlitStandIn standIn = new StreamlitStandIn(dir);
    Path python = Files.isExecutable(TestEnvironment.venvPython()) ? TestEnvironment.venvPython() : Path.of("python3");
    try {
      Files.writeString(standIn.script, SCRIPT);
      Files.writeString(standIn.app, "# never run: the stand-in only looks at the port\n");
      Files.writeString(standIn.wrapper, "#!/bin/sh\nexec '" + python + "' '" + standIn.script + "' \"$@\"\n");
      Files.setPosixFilePermissions(standIn.wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return standIn;
  }

  /** @return the wrapper, for {@code FLUXLIT_STREAMLIT_PYTHON} */
  public Path python() {
    return wrapper;
  }

  /** @return the app path, for {@code FLUXLIT_STREAMLIT_APP} or the {@code run} command */
  public Path app() {
    return app;
  }

  /** @return {@code FLUXLIT_STREAMLIT_APP} and {@code FLUXLIT_STREAMLIT_PYTHON}, for {@link Gateway#start} */
  public JsonObject settings() {
    return new JsonObject().put("FLUXLIT_STREAMLIT_APP", app.toString()).put("FLUXLIT_STREAMLIT_PYTHON", wrapper.toString());
  }

  /** @return {@code FLUXLIT_STREAMLIT_PYTHON}, for a gateway process started with {@code run app()} */
  public Map<String, String> environment() {
    return Map.of("FLUXLIT_STREAMLIT_PYTHON", wrapper.toString());
  }

  /** Every start from now on exits with code 3 at once. */
  public void crashFromNowOn() {
    try {
      Files.createFile(dir.resolve("crash"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return whether a {@code GET /slow} has reached the stand-in */
  public boolean slowArrived() {
    return Files.exists(dir.resolve("slow-arrived"));
  }

  /** @return the stand-in's processes, live or not, among this JVM's descendants */
  public List<ProcessHandle> processes() {
    return ProcessHandle.current().descendants()
      .filter(p -> p.info().commandLine().orElse("").contains(script.toString()))
      .toList();
  }

  /** @return the stand-in's live processes */
  public List<ProcessHandle> live() {
    return processes().stream().filter(ProcessHandle::isAlive).toList();
  }

  @Override
  public void close() {
    processes().forEach(ProcessHandle::destroyForcibly);
  }
}
