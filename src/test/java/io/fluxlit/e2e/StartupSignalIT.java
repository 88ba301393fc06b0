package io.fluxlit.e2e;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.TestEnvironment.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM at several moments of start-up (docs/configuration.md, Shutdown), to the real jar
 * running the real Streamlit: the process exits 0, writes no ERROR line and no stack trace, and
 * leaves no Streamlit behind. Each moment is the first appearance of a line in the output: the
 * sidecar launching Python, Streamlit's own first line (it listens, FluxLit's health poll has
 * not yet seen it), the sidecar seeing it healthy, and FluxLit ready (the ordinary stop).
 */
class StartupSignalIT {

  /**
   * The signal handling is installed before Vert.x is built; a Vert.x that cannot be built must
   * still end in the one-line exit 2 at once, not in a stack trace or the stop's wait for it.
   */
  @Test
  void aVertxThatCannotBeBuiltExitsTwoAtOnce(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("cluster.xml"),
      "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\"><network><port>notaport</port></network></hazelcast>");
    long started = System.nanoTime();
    try (JavaProcess p = TestEnvironment.startJava(Map.of(
        "FLUXLIT_GATEWAY_PORT", Integer.toString(TestEnvironment.freePort()),
        "FLUXLIT_CLUSTER", "1", "FLUXLIT_CLUSTER_CONFIG", bad.toString()),
      "-jar", TestEnvironment.fluxlitJar().toString(), "run")) {
      assertThat(p.waitForExit(Duration.ofSeconds(30))).as(p.tail(20)).isEqualTo(2);
      assertThat(p.stderr().lines().toList()).as(p.tail(20)).singleElement().asString()
        .startsWith("fluxlit: FLUXLIT_CLUSTER_CONFIG=" + bad + " is not a valid Hazelcast XML file");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for a Vert.x that never comes")
        .isLessThan(Duration.ofSeconds(12));
    }
  }

  @ParameterizedTest(name = "SIGTERM at \"{0}\"")
  @ValueSource(strings = {"starting Streamlit", "INFO  streamlit.w1.1 ", "Streamlit is up", "FluxLit is ready"})
  void sigtermDuringStartUpExitsZeroCleanly(String moment, @TempDir Path dir) throws Exception {
    TestEnvironment.requireOrSkip(Files.isExecutable(TestEnvironment.venvPython()),
      "Streamlit in .venv (run scripts/test.sh, which installs it)");
    // A copy under a path of its own, so that its processes are told apart from other tests'.
    Path app = Files.copy(TestEnvironment.projectDir().resolve("examples/hello/app.py"), dir.resolve("app.py"));
    int port = TestEnvironment.freePort();
    try (JavaProcess gateway = TestEnvironment.startJava(Map.of(
        "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
        "FLUXLIT_GATEWAY_INSTANCES", "2",
        "FLUXLIT_STREAMLIT_PYTHON", TestEnvironment.venvPython().toString()),
      "-jar", TestEnvironment.fluxlitJar().toString(), "run", app.toString())) {
      Conditions.waitUntil(() -> gateway.output().contains(moment), 90, "\"" + moment + "\" in the output");
      assertThat(gateway.process().toHandle().destroy()).as("SIGTERM sent").isTrue();

      assertThat(gateway.waitForExit(Duration.ofSeconds(30))).as(gateway.tail(40)).isZero();
      assertThat(gateway.output()).as(gateway.tail(40)).contains("SIGTERM received").contains("FluxLit stopped")
        .doesNotContain(" ERROR ").doesNotContain("Exception");
      Conditions.waitUntil(() -> ProcessHandle.allProcesses().noneMatch(p -> p.isAlive()
        && p.info().commandLine().orElse("").contains(app.toString())), 10, "no Streamlit of this run left");
    }
  }
}
