package io.fluxlit.cli;

import io.fluxlit.pool.PidFile;
import io.fluxlit.testing.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code reload} without a gateway to reload, and with a bad command line (PoolIT reloads a real one). */
class ReloadCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int reload(String... args) {
    return ReloadCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void noGatewayOnThePortIsExit1WithOneLine() throws Exception {
    int port = TestEnvironment.freePort();
    Files.deleteIfExists(PidFile.path(port));
    assertThat(reload("--port", Integer.toString(port))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("fluxlit: no running gateway on port " + port
      + " (" + PidFile.path(port) + " is missing)\n");

    // A pid file left behind by a gateway that is gone (a pid no process has).
    Files.writeString(PidFile.path(port), Long.MAX_VALUE + "\n");
    err.reset();
    try {
      assertThat(reload("--port", Integer.toString(port))).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("names pid " + Long.MAX_VALUE + ", which is gone");
    } finally {
      Files.deleteIfExists(PidFile.path(port));
    }
  }

  @Test
  void aBadCommandLineIsExit2() {
    assertThat(reload("--workers", "2")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("fluxlit: unknown argument '--workers' for reload");
    err.reset();
    assertThat(reload("--port", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("fluxlit: FLUXLIT_GATEWAY_PORT='x' is invalid");
  }
}
