package io.fluxlit.cli;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor}'s rows and exit statuses, with a Python that does not exist (the real interpreter
 * is checked by CliIT) and real sockets for the port and upstream rows.
 */
class DoctorCommandTest {

  private static final String NO_PYTHON = "/nonexistent/fluxlit-test/python";

  @TempDir
  Path dir;

  private final CliOutput out = new CliOutput();
  private final CliOutput err = new CliOutput();
  private final Map<String, String> env = new HashMap<>(Map.of("FLUXLIT_STREAMLIT_PYTHON", NO_PYTHON));

  private int doctor(String... args) {
    return DoctorCommand.run(args, env, dir, out.stream, err.stream);
  }

  private JsonObject report() {
    return new JsonObject(out.text());
  }

  /** @return status and detail per check name, in report order */
  private Map<String, String> rows() {
    Map<String, String> rows = new LinkedHashMap<>();
    report().getJsonArray("checks").forEach(o -> {
      JsonObject row = (JsonObject) o;
      rows.put(row.getString("name"), row.getString("status") + " " + row.getString("detail"));
    });
    return rows;
  }

  @Test
  void aTakenPortFailsAndExitsOne() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int status = doctor("--json", "--port", Integer.toString(taken.getLocalPort()));
      assertThat(status).as(out.text()).isEqualTo(1);
      assertThat(report().getString("status")).isEqualTo("FAIL");
      assertThat(rows().get("gateway_port")).startsWith("FAIL cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aFreePortPassesAndWithoutAnAppAMissingPythonIsOnlyAWarning() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    int status = doctor("--json", "--port", Integer.toString(port));
    Map<String, String> rows = rows();
    assertThat(rows.keySet()).containsExactly("java", "config", "python", "streamlit", "gateway_port", "upstream", "paths");
    assertThat(rows.get("java")).startsWith("PASS Java ");
    assertThat(rows.get("config")).startsWith("PASS valid: 1 from the command line, 1 from FLUXLIT_* variables");
    assertThat(rows.get("python")).startsWith("WARN " + NO_PYTHON + " does not run");
    assertThat(rows.get("streamlit")).startsWith("WARN");
    assertThat(rows.get("gateway_port")).isEqualTo("PASS 127.0.0.1:" + port + " is free");
    assertThat(rows.get("upstream")).startsWith("WARN no Streamlit configured");
    assertThat(rows.get("paths")).isEqualTo("PASS API at /api/, Streamlit at /");
    assertThat(report().getString("status")).isEqualTo("WARN");
    assertThat(report().getValue("target")).isNull();
    assertThat(report().getBoolean("warnings_only")).isFalse();
    assertThat(status).isZero();
  }

  @Test
  void aManagedAppNeedsPythonAndTheScript() {
    int status = doctor("--json", "--port", "0", "missing.py");
    Map<String, String> rows = rows();
    assertThat(rows.get("python")).startsWith("FAIL " + NO_PYTHON + " does not run");
    assertThat(rows.get("app")).startsWith("FAIL missing.py is not a file");
    assertThat(rows).doesNotContainKey("upstream");
    assertThat(report().getString("target")).isEqualTo("missing.py");
    assertThat(status).isEqualTo(1);
  }

  @Test
  void anExistingScriptPasses() throws IOException {
    Files.writeString(dir.resolve("app.py"), "import streamlit as st\n");
    doctor("--json", "--port", "0", "app.py");
    assertThat(rows().get("app")).isEqualTo("PASS app.py exists");
  }

  @Test
  void warningsOnlyExitsZeroDespiteAFail() {
    assertThat(doctor("--json", "--warnings-only", "--port", "0", "missing.py")).isZero();
    assertThat(report().getString("status")).isEqualTo("FAIL");
    assertThat(report().getBoolean("warnings_only")).isTrue();
  }

  @Test
  void anUnreachableUpstreamFails() throws IOException {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    env.put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + closed);
    assertThat(doctor("--json", "--port", "0")).isEqualTo(1);
    assertThat(rows().get("upstream"))
      .startsWith("FAIL GET http://127.0.0.1:" + closed + "/_stcore/health failed: ConnectException");
  }

  @Test
  void aHealthyUpstreamPassesAndIsAskedUnderTheRootPath() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      int status = exchange.getRequestURI().getPath().equals("/app/_stcore/health") ? 200 : 404;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    try {
      String upstream = "http://127.0.0.1:" + server.getAddress().getPort();
      env.put("FLUXLIT_STREAMLIT_UPSTREAM", upstream);
      env.put("FLUXLIT_ROOT_PATH", "/app");
      doctor("--json", "--port", "0");
      assertThat(rows().get("upstream")).isEqualTo("PASS GET " + upstream + "/app/_stcore/health answered 200"
        + " (from FLUXLIT_STREAMLIT_UPSTREAM)");

      env.put("FLUXLIT_ROOT_PATH", "/other");
      CliOutput again = new CliOutput();
      assertThat(DoctorCommand.run(new String[] {"--json", "--port", "0"}, env, dir, again.stream, err.stream)).isEqualTo(1);
      assertThat(again.text()).contains("/other/_stcore/health answered 404");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void pathClashesAreReported() {
    env.put("FLUXLIT_ROOT_PATH", "/api");
    env.put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1");
    env.put("FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH", "/api/metrics");
    env.put("FLUXLIT_TRUST_PROXY", "on");
    env.put("FLUXLIT_FORWARDED_ALLOW_IPS", "*");
    assertThat(doctor("--json", "--port", "0", "--debug")).isEqualTo(1);
    Map<String, String> rows = rows();
    assertThat(rows.get("paths")).startsWith("FAIL FLUXLIT_ROOT_PATH and FLUXLIT_API_MOUNT_PATH are both /api");
    assertThat(rows.get("metrics_path")).startsWith("WARN FLUXLIT_GATEWAY_PROMETHEUS_METRICS_PATH=/api/metrics lies under");
    assertThat(rows.get("debug_path")).isEqualTo("PASS debug snapshot at /__fluxlit/debug");
    assertThat(rows.get("trusted_proxies")).startsWith("WARN FLUXLIT_FORWARDED_ALLOW_IPS=*");
  }

  @Test
  void aBadSettingExitsTwoWithAFailedConfigRow() {
    env.put("FLUXLIT_GATEWAY_PORT", "abc");
    assertThat(doctor("--json")).isEqualTo(2);
    assertThat(rows().keySet()).containsExactly("java", "config");
    assertThat(rows().get("config")).isEqualTo("FAIL FLUXLIT_GATEWAY_PORT='abc' is invalid: expected a whole number from 0 to 65535");
    assertThat(err.text()).isEqualTo("fluxlit: FLUXLIT_GATEWAY_PORT='abc' is invalid: expected a whole number from 0 to 65535\n");
  }

  @Test
  void aBadArgumentExitsTwoWithoutAReport() {
    assertThat(doctor("--frobnicate")).isEqualTo(2);
    assertThat(out.text()).isEmpty();
    assertThat(err.text()).isEqualTo("fluxlit: unknown argument '--frobnicate' for doctor (try --help)\n");
  }

  @Test
  void textReportHasOneRowPerCheckAndTheStatus() {
    doctor("--port", "0");
    assertThat(out.text()).startsWith("FluxLit doctor\n").contains("  PASS  java ", "  WARN  python ")
      .endsWith("Status: WARN\n");
  }
}
