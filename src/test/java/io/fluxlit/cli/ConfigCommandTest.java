package io.fluxlit.cli;

import io.fluxlit.config.Setting;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code config}: every setting once, with its value (redacted) and source; exit 2 on a bad file. */
class ConfigCommandTest {

  @TempDir
  Path dir;

  private final CliOutput out = new CliOutput();
  private final CliOutput err = new CliOutput();

  private int config(Map<String, String> env, String... args) {
    return ConfigCommand.run(args, env, out.stream, err.stream);
  }

  private static Map<String, JsonObject> byEnv(JsonObject report) {
    Map<String, JsonObject> rows = new HashMap<>();
    for (Object row : report.getJsonArray("settings")) {
      rows.put(((JsonObject) row).getString("env"), (JsonObject) row);
    }
    return rows;
  }

  @Test
  void jsonListsEverySettingWithItsValueAndSource() throws IOException {
    Path conf = dir.resolve("f.json");
    Files.writeString(conf, "{\"gateway_port\": 9001, \"root_path\": \"/app\","
      + " \"streamlit_upstream\": \"http://bob:pw@streamlit:8501\"}");
    int status = config(Map.of("FLUXLIT_GATEWAY_PORT", "9002", "FLUXLIT_GATWAY_HOST", "x"),
      "--json", "--conf", conf.toString(), "--host", "0.0.0.0");

    assertThat(status).as(err.text()).isZero();
    JsonObject report = new JsonObject(out.text());
    assertThat(report.fieldNames()).containsExactlyInAnyOrder("conf_file", "binding", "internal_api_base", "settings", "warnings");
    assertThat(report.getString("conf_file")).isEqualTo(conf.toString());
    assertThat(report.getJsonObject("binding")).isEqualTo(new JsonObject().put("host", "0.0.0.0").put("port", 9002));
    assertThat(report.getString("internal_api_base")).isEqualTo("http://127.0.0.1:9002/app/api");

    Map<String, JsonObject> rows = byEnv(report);
    assertThat(rows).hasSize(Setting.values().size());
    assertThat(rows.get("FLUXLIT_GATEWAY_HOST")).isEqualTo(new JsonObject()
      .put("env", "FLUXLIT_GATEWAY_HOST").put("key", "gateway_host").put("value", "0.0.0.0").put("source", "cli"));
    assertThat(rows.get("FLUXLIT_GATEWAY_PORT").getString("source")).isEqualTo("env");
    assertThat(rows.get("FLUXLIT_ROOT_PATH").getString("source")).isEqualTo("file:" + conf);
    assertThat(rows.get("FLUXLIT_API_MOUNT_PATH").getString("source")).isEqualTo("default");
    assertThat(rows.get("FLUXLIT_STREAMLIT_UPSTREAM").getString("value"))
      .as("the password of a URL is redacted").isEqualTo("http://bob:[REDACTED]@streamlit:8501");
    assertThat(out.text()).doesNotContain("bob:pw");

    JsonArray warnings = report.getJsonArray("warnings");
    assertThat(warnings).hasSize(1);
    assertThat(warnings.getJsonObject(0).getString("code")).isEqualTo("unknown_variable");
    assertThat(warnings.getJsonObject(0).getString("message")).contains("FLUXLIT_GATWAY_HOST", "FLUXLIT_GATEWAY_HOST");
  }

  @Test
  void textShowsTheSameRowsAndRedacts() {
    int status = config(Map.of("FLUXLIT_STREAMLIT_UPSTREAM", "http://bob:pw@streamlit:8501"), "--port", "9100");
    assertThat(status).isZero();
    List<String> lines = out.text().lines().toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("FLUXLIT_GATEWAY_PORT +gateway_port +9100 +cli"));
    assertThat(lines).anySatisfy(l -> assertThat(l)
      .matches("FLUXLIT_STREAMLIT_UPSTREAM +streamlit_upstream +http://bob:\\[REDACTED]@streamlit:8501 +env"));
    assertThat(out.text()).doesNotContain("bob:pw");
  }

  @Test
  void aBadSettingsFileExitsTwoWithOneLineNamingTheFileAndTheKey() throws IOException {
    Path conf = dir.resolve("bad.json");
    Files.writeString(conf, "{\"gateway_port\": true}");
    assertThat(config(Map.of(), "--conf", conf.toString())).isEqualTo(2);
    assertThat(err.text()).isEqualTo("fluxlit: " + conf
      + ": gateway_port='true' is invalid: expected a whole number from 0 to 65535\n");
    assertThat(out.text()).isEmpty();
  }

  @Test
  void aBadWebSocketSettingExitsTwoWithOneLine() {
    for (Map.Entry<String, String> bad : Map.of("FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS", "evil",
        "FLUXLIT_GATEWAY_WS_PING_TIMEOUT_S", "soon", "FLUXLIT_GATEWAY_WS_CLOSE_TIMEOUT_S", "0",
        "FLUXLIT_GATEWAY_MAX_WEBSOCKETS", "-1", "FLUXLIT_STREAMLIT_XSRF_PROTECTION", "maybe").entrySet()) {
      CliOutput errors = new CliOutput();
      assertThat(ConfigCommand.run(new String[0], Map.of(bad.getKey(), bad.getValue()), out.stream, errors.stream))
        .isEqualTo(2);
      assertThat(errors.text().lines().toList()).singleElement().asString()
        .startsWith("fluxlit: " + bad.getKey() + "='" + bad.getValue() + "' is invalid: expected ");
    }
  }

  @Test
  void aBadEdgeSettingExitsTwoWithOneLineNamingIt() {
    Map<String, String> bad = Map.of(
      "FLUXLIT_GATEWAY_REQUEST_HEADER_TIMEOUT_S", "x",
      "FLUXLIT_GATEWAY_IDLE_TIMEOUT_S", "-2",
      "FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP", "many",
      "FLUXLIT_GATEWAY_UPSTREAM_QUEUE_TIMEOUT_S", "forever",
      "FLUXLIT_GATEWAY_HTTPX_MAX_CONNECTIONS", "-1",
      "FLUXLIT_GATEWAY_HTTPX_MAX_KEEPALIVE_CONNECTIONS", "x",
      "FLUXLIT_ENABLE_SECURITY_HEADERS", "perhaps",
      "FLUXLIT_FRAME_ANCESTORS", "'self';",
      "FLUXLIT_CORS_ALLOW_ORIGINS", "not an origin",
      "FLUXLIT_CORS_ALLOW_CREDENTIALS", "2");
    bad.forEach((name, value) -> {
      CliOutput stdout = new CliOutput();
      CliOutput stderr = new CliOutput();
      assertThat(ConfigCommand.run(new String[0], Map.of(name, value), stdout.stream, stderr.stream)).as(name).isEqualTo(2);
      assertThat(stderr.text().lines().toList()).as(name).singleElement().asString().startsWith("fluxlit: " + name + "=");
    });
  }

  @Test
  void aMissingSettingsFileExitsTwo() {
    assertThat(config(Map.of(), "--conf", dir.resolve("none.json").toString())).isEqualTo(2);
    assertThat(err.text()).isEqualTo("fluxlit: " + dir.resolve("none.json") + ": no such settings file (--conf)\n");
  }
}
