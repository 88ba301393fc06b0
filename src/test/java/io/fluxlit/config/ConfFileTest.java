package io.fluxlit.config;

import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings file: keys, value kinds and the one-line errors that name the file and the key. */
class ConfFileTest {

  @TempDir
  Path dir;

  private Path write(String json) throws IOException {
    Path file = dir.resolve("settings.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void keysAreTheVariableNamesWithoutThePrefixInLowerCase() {
    assertThat(Setting.FLUXLIT_GATEWAY_PORT.confKey()).isEqualTo("gateway_port");
    assertThat(Setting.FLUXLIT_GATEWAY_UPSTREAM_CONNECT_TIMEOUT_S.confKey()).isEqualTo("gateway_upstream_connect_timeout_s");
    Set<String> keys = new HashSet<>();
    for (Setting<?> setting : Setting.values()) {
      assertThat(keys.add(setting.confKey())).as("unique key " + setting.confKey()).isTrue();
      assertThat(setting.confKey()).matches("[a-z0-9_]+");
    }
  }

  @Test
  void readsStringsNumbersBooleansListsAndComments() throws IOException {
    ConfFile file = ConfFile.read(write("""
      // a comment
      {
        "gateway_host": "0.0.0.0",   /* trailing comment */
        "gateway_port": 9001,
        "readiness_probe_timeout_s": 1.50,
        "api_timeout_s": 2.0,
        "trust_proxy": true,
        "forwarded_allow_ips": ["10.0.0.1", "::1"],
        "streamlit_run_cli_args": ["--theme.base", "dark mode"]
      }
      """));
    assertThat(file.values()).containsExactlyInAnyOrderEntriesOf(Map.of(
      Setting.FLUXLIT_GATEWAY_HOST, "0.0.0.0",
      Setting.FLUXLIT_GATEWAY_PORT, "9001",
      Setting.FLUXLIT_READINESS_PROBE_TIMEOUT_S, "1.5",
      Setting.FLUXLIT_API_TIMEOUT_S, "2",
      Setting.FLUXLIT_TRUST_PROXY, "true",
      Setting.FLUXLIT_FORWARDED_ALLOW_IPS, "10.0.0.1,::1",
      Setting.FLUXLIT_STREAMLIT_RUN_CLI_ARGS, "[\"--theme.base\",\"dark mode\"]"));
    Settings settings = ResolvedSettings.resolve(Map.of(), file.values()).settings();
    assertThat(settings.sidecar().runArgs()).containsExactly("--theme.base", "dark mode");
    assertThat(settings.gateway().trustedProxies().trusts("10.0.0.1")).isTrue();
  }

  @Test
  void refusesWhatCannotBeUsedWithOneLineNamingTheFileAndTheKey() throws IOException {
    Map<String, String> cases = Map.of(
      "{\"gatway_port\": 1}", ": unknown key \"gatway_port\" (did you mean \"gateway_port\"?)",
      "{\"FLUXLIT_GATEWAY_PORT\": 1}", ": unknown key \"FLUXLIT_GATEWAY_PORT\" (did you mean \"gateway_port\"?)",
      "{\"gateway_port\": {\"a\": 1}}", ": \"gateway_port\" must be a string, number or boolean, not an object",
      "{\"gateway_port\": null}", ": \"gateway_port\" must be a string, number or boolean, not null",
      "{\"gateway_port\": [1]}", ": \"gateway_port\" must be a string, number or boolean, not a list",
      "{\"extensions\": [\"a.B\", 2]}", ": \"extensions\" must be a list of strings",
      "{\"gateway_port\": 1,,}", ": not valid JSON (line 1, column 20): Unexpected character (','",
      "[]", ": must hold one JSON object of settings, e.g. {\"gateway_port\": 8000}",
      "", ": must hold one JSON object of settings");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path file = write(c.getKey());
      assertThatThrownBy(() -> ConfFile.read(file)).as(c.getKey())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + c.getValue())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void theShippedExampleParsesAndEveryKeyIsASetting() throws IOException {
    Path example = TestEnvironment.projectDir().resolve("conf/fluxlit.example.json");
    ConfFile file = ConfFile.read(example);
    assertThat(file.values()).as("the example shows a good part of the settings").hasSizeGreaterThan(10);
    // Every value is valid too: resolving it alone must not throw.
    Settings settings = ResolvedSettings.resolve(Map.of(), file.values()).settings();
    assertThat(settings.gateway().port()).isEqualTo(8000);
    // Its keys, read as plain text, are exactly the keys the parser accepted (nothing skipped).
    String text = Files.readString(example);
    Matcher key = Pattern.compile("^\\s*\"([a-z0-9_]+)\"\\s*:", Pattern.MULTILINE)
      .matcher(text);
    Set<String> keys = new HashSet<>();
    while (key.find()) {
      keys.add(key.group(1));
    }
    assertThat(keys).allSatisfy(k -> assertThat(ConfFile.isConfKey(k)).as(k).isTrue())
      .hasSize(file.values().size());
  }

  @Test
  void theDefaultFileIsNotShippedSoRunningFromTheRepositoryReadsNone() {
    assertThat(TestEnvironment.projectDir().resolve(ConfFile.DEFAULT_PATH))
      .as("conf/fluxlit.json would be read by every run from the repository; ship conf/fluxlit.example.json")
      .doesNotExist();
  }

  @Test
  void aDeploymentConfigMayUseFileKeysOrVariableNamesAndTheEnvironmentBeatsIt() {
    JsonObject config = new JsonObject()
      .put("gateway_port", 9001).put("FLUXLIT_ROOT_PATH", "/x").put("api_timeout_s", 5).put("fluxlit.other", "ignored");
    ResolvedSettings resolved = ResolvedSettings.resolve(Map.of("FLUXLIT_API_TIMEOUT_S", "7"), config);
    assertThat(resolved.settings().gateway().port()).isEqualTo(9001);
    assertThat(resolved.settings().gateway().rootPath()).isEqualTo("/x");
    // The launcher's -conf is the settings file's layer: the environment wins over it.
    assertThat(resolved.settings().api().timeoutMs()).isEqualTo(7000);
    assertThat(resolved.source(Setting.FLUXLIT_API_TIMEOUT_S)).isEqualTo(SettingSource.ENV);
    assertThat(resolved.source(Setting.FLUXLIT_GATEWAY_PORT)).isEqualTo(SettingSource.DEPLOYMENT);
  }
}
