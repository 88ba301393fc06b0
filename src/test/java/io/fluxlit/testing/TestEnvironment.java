package io.fluxlit.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Small helpers shared by tests: where the project is, whether this is CI, skipping or failing
 * on a missing external dependency, and free ports (waiting is {@link Conditions#waitUntil}).
 */
public final class TestEnvironment {

  private TestEnvironment() {
  }

  /** @return the project directory: {@code FLUXLIT_PROJECT_DIR} (set by Maven), else {@code user.dir} */
  public static Path projectDir() {
    String dir = System.getenv("FLUXLIT_PROJECT_DIR");
    if (dir == null || dir.isBlank()) {
      dir = System.getProperty("user.dir");
    }
    return Path.of(dir).toAbsolutePath().normalize();
  }

  /** @return the project's virtual environment interpreter, {@code .venv/bin/python} (may not exist) */
  public static Path venvPython() {
    return projectDir().resolve(".venv/bin/python");
  }

  /**
   * @return the fat jar built by {@code mvn package}, {@code target/fluxlit.jar}
   * @throws AssertionError when it has not been built
   */
  public static Path fluxlitJar() {
    Path jar = projectDir().resolve("target/fluxlit.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: mvn package builds it before the integration tests");
    }
    return jar;
  }

  /** @return the {@code java} executable of the JVM running the tests */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** @return whether the environment variable {@code CI} is {@code true} */
  public static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Guards a test that needs something outside the JVM (a browser, a Python package). When it is
   * missing, the test fails on CI ({@code CI=true}), where {@code scripts/test.sh} installs it,
   * and is skipped elsewhere.
   *
   * @param available whether the dependency is there
   * @param what what is needed, and how to get it
   */
  public static void requireOrSkip(boolean available, String what) {
    if (available) {
      return;
    }
    if (isCi()) {
      Assertions.fail("missing test dependency (CI=true, so this fails instead of skipping): " + what
        + ". scripts/test.sh installs it.");
    }
    Assumptions.abort("skipped, missing test dependency: " + what + " (bash scripts/test.sh installs it)");
  }

  /** @return a TCP port that was free on 127.0.0.1 a moment ago */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts {@code java ARGS...} in the project directory with the {@code FLUXLIT_*} variables of
   * this JVM removed and {@code env} added, capturing stdout and stderr.
   *
   * @param env extra environment variables
   * @param args the arguments after {@code java}
   * @return the running process
   */
  /**
   * Waits until a started jar logged "FluxLit is ready" and answers GET /api/readyz with 200
   * (both: readiness can say 200 a moment before the sidecar's own health wait has seen it).
   *
   * @return the client, for further requests
   */
  public static Http awaitReady(JavaProcess gateway, Http http) {
    try {
      Conditions.waitUntil(() -> {
        if (!gateway.process().isAlive()) {
          throw new AssertionError("the gateway exited during start-up");
        }
        try {
          return gateway.stdout().contains("FluxLit is ready") && http.get("/api/readyz").status() == 200;
        } catch (Exception notListeningYet) {
          // Future.await rethrows the checked ConnectException as it is
          return false;
        }
      }, 90, "start-up complete and GET /api/readyz = 200");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + gateway.tail(40), e);
    }
    return http;
  }

  /**
   * {@code java -jar target/fluxlit.jar ARGS...}, as {@link #startJava} starts it.
   *
   * @param env extra environment variables
   * @param args the arguments after the jar
   * @return the running process
   */
  public static JavaProcess startJar(Map<String, String> env, String... args) {
    String[] command = new String[args.length + 2];
    command[0] = "-jar";
    command[1] = fluxlitJar().toString();
    System.arraycopy(args, 0, command, 2, args.length);
    return startJava(env, command);
  }

  public static JavaProcess startJava(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir().toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("FLUXLIT_"));
    builder.environment().putAll(env);
    try {
      return new JavaProcess(builder.start(), String.join(" ", command));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** A started JVM whose stdout and stderr are collected in the background. */
  public static final class JavaProcess implements AutoCloseable {

    private final Process process;
    private final String command;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final StringBuffer combined = new StringBuffer();
    private final Thread outPump;
    private final Thread errPump;

    private JavaProcess(Process process, String command) {
      this.process = process;
      this.command = command;
      try {
        process.getOutputStream().close(); // no stdin, like CI
      } catch (IOException e) {
        // nothing to close
      }
      outPump = pump(process.getInputStream(), stdout, "stdout");
      errPump = pump(process.getErrorStream(), stderr, "stderr");
    }

    private Thread pump(InputStream in, StringBuffer target, String name) {
      Thread thread = new Thread(() -> {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            target.append(line).append('\n');
            combined.append(line).append('\n');
          }
        } catch (IOException e) {
          // the process is gone
        }
      }, "test-process-" + name);
      thread.setDaemon(true);
      thread.start();
      return thread;
    }

    /** @return the underlying process */
    public Process process() {
      return process;
    }

    /** @return everything printed on stdout so far */
    public String stdout() {
      return stdout.toString();
    }

    /** @return everything printed on stderr so far */
    public String stderr() {
      return stderr.toString();
    }

    /** @return stdout and stderr interleaved, as far as read so far */
    public String output() {
      return combined.toString();
    }

    /**
     * @param lines how many lines
     * @return the last lines of the combined output, headed by the command, for failure messages
     */
    public String tail(int lines) {
      String[] all = output().split("\n", -1);
      int from = Math.max(0, all.length - lines - 1);
      return "--- output of `" + command + "` (last " + lines + " lines"
        + (process.isAlive() ? "" : ", exit " + process.exitValue()) + ") ---\n"
        + String.join("\n", Arrays.asList(all).subList(from, all.length));
    }

    /**
     * Waits for the process to exit on its own, and for its output to be read.
     *
     * @param timeout how long at most
     * @return the exit status
     */
    public int waitForExit(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("`" + command + "` did not exit within " + timeout.toMillis() + " ms\n" + tail(40));
        }
        outPump.join(timeout.toMillis());
        errPump.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      return process.exitValue();
    }

    /**
     * SIGTERM, then SIGKILL when the process has not exited after {@code grace}; what it writes
     * while stopping is still read. Leaves its children alone, so a caller can check that the
     * process stopped them itself.
     *
     * @param grace how long to wait after SIGTERM
     * @return whether the process exited after SIGTERM alone
     */
    public boolean stop(Duration grace) {
      // Through the handle: Process.destroy() also closes our ends of its pipes, which would lose
      // what the process writes while it stops.
      process.toHandle().destroy();
      try {
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          return true;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      return false;
    }

    /** Stops the process if it still runs, and kills whatever children it left behind. */
    @Override
    public void close() {
      List<ProcessHandle> descendants = process.descendants().toList();
      if (process.isAlive()) {
        stop(Duration.ofSeconds(20));
      }
      descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

}
