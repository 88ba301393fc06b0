package io.fluxlit.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Layering (docs/configuration.md): command line > FLUXLIT_* environment > settings file > defaults, with sources. */
class ResolvedSettingsTest {

  @TempDir
  Path dir;

  private Path conf(String json) throws IOException {
    Path file = dir.resolve("fluxlit.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void eachLayerWinsOverTheOnesBelowIt() throws IOException {
    Path file = conf("{\"gateway_port\": 9001, \"gateway_host\": \"0.0.0.0\", \"api_mount_path\": \"/x\","
      + " \"root_path\": \"/app\"}");
    ResolvedSettings resolved = ResolvedSettings.resolve(
      Map.of("FLUXLIT_GATEWAY_PORT", "9002", "FLUXLIT_GATEWAY_HOST", "127.0.0.2", "FLUXLIT_API_MOUNT_PATH", "/y"),
      Map.of(Setting.FLUXLIT_GATEWAY_PORT, "9003"),
      file, dir);

    Settings settings = resolved.settings();
    assertThat(settings.gateway().port()).as("cli over env over file").isEqualTo(9003);
    assertThat(settings.gateway().host()).as("env over file").isEqualTo("127.0.0.2");
    assertThat(settings.api().mount()).as("env over file").isEqualTo("/y");
    assertThat(settings.gateway().rootPath()).as("file over default").isEqualTo("/app");
    assertThat(settings.api().timeoutMs()).as("default").isEqualTo(30_000);

    assertThat(resolved.source(Setting.FLUXLIT_GATEWAY_PORT)).isEqualTo(SettingSource.CLI);
    assertThat(resolved.source(Setting.FLUXLIT_GATEWAY_HOST)).isEqualTo(SettingSource.ENV);
    assertThat(resolved.source(Setting.FLUXLIT_ROOT_PATH)).isEqualTo(SettingSource.file(file));
    assertThat(resolved.source(Setting.FLUXLIT_ROOT_PATH).label()).isEqualTo("file:" + file);
    assertThat(resolved.source(Setting.FLUXLIT_API_TIMEOUT_S)).isEqualTo(SettingSource.DEFAULT);
    assertThat(resolved.source(Setting.FLUXLIT_API_TIMEOUT_S).label()).isEqualTo("default");
    assertThat(resolved.sources()).hasSize(Setting.values().size());
    assertThat(resolved.confFile()).contains(file);
  }

  @Test
  void anEmptyVariableStillCountsAsSetOverTheFile() throws IOException {
    Path file = conf("{\"root_path\": \"/app\"}");
    ResolvedSettings resolved = ResolvedSettings.resolve(Map.of("FLUXLIT_ROOT_PATH", ""), Map.of(), file, dir);
    assertThat(resolved.settings().gateway().rootPath()).isEmpty();
    assertThat(resolved.source(Setting.FLUXLIT_ROOT_PATH)).isEqualTo(SettingSource.ENV);
  }

  @Test
  void theDefaultFileIsReadFromTheWorkingDirectoryOnlyWhenItExists() throws IOException {
    ResolvedSettings none = ResolvedSettings.resolve(Map.of(), Map.of(), null, dir);
    assertThat(none.confFile()).isEmpty();
    assertThat(none.settings().gateway().port()).isEqualTo(8000);

    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve(ConfFile.DEFAULT_PATH), "{\"gateway_port\": 9100}");
    ResolvedSettings found = ResolvedSettings.resolve(Map.of(), Map.of(), null, dir);
    assertThat(found.settings().gateway().port()).isEqualTo(9100);
    assertThat(found.confFile()).contains(dir.resolve(ConfFile.DEFAULT_PATH));
    assertThat(found.source(Setting.FLUXLIT_GATEWAY_PORT).label()).isEqualTo("file:" + dir.resolve("conf/fluxlit.json"));
  }

  @Test
  void anExplicitFileReplacesTheDefaultOne() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve(ConfFile.DEFAULT_PATH), "{\"gateway_port\": 9100, \"root_path\": \"/d\"}");
    Path explicit = conf("{\"gateway_port\": 9200}");
    Settings settings = ResolvedSettings.resolve(Map.of(), Map.of(), explicit, dir).settings();
    assertThat(settings.gateway().port()).isEqualTo(9200);
    assertThat(settings.gateway().rootPath()).as("the default file is not read as well").isEmpty();
  }

  @Test
  void aMissingExplicitFileIsRefusedNamingIt() {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> ResolvedSettings.resolve(Map.of(), Map.of(), missing, dir))
      .isInstanceOf(ConfigException.class)
      .hasMessage(missing + ": no such settings file (--conf)");
  }

  @Test
  void aBadValueFromTheFileNamesTheFileAndTheKey() throws IOException {
    Path file = conf("{\"gateway_port\": \"abc\"}");
    assertThatThrownBy(() -> ResolvedSettings.resolve(Map.of(), Map.of(), file, dir))
      .isInstanceOf(ConfigException.class)
      .hasMessage(file + ": gateway_port='abc' is invalid: expected a whole number from 0 to 65535");

    Path args = conf("{\"streamlit_run_cli_args\": [\"--server.port\", \"1\"]}");
    assertThatThrownBy(() -> ResolvedSettings.resolve(Map.of(), Map.of(), args, dir))
      .hasMessageStartingWith(args + ": streamlit_run_cli_args may not contain --server.port");
  }

  @Test
  void aBadValueFromTheEnvironmentStillNamesTheVariableWhenAFileIsRead() throws IOException {
    Path file = conf("{\"gateway_port\": 9001}");
    assertThatThrownBy(() -> ResolvedSettings.resolve(Map.of("FLUXLIT_GATEWAY_PORT", "x"), Map.of(), file, dir))
      .hasMessage("FLUXLIT_GATEWAY_PORT='x' is invalid: expected a whole number from 0 to 65535");
    // A bad file value that a stronger layer hides is never looked at.
    Path hidden = conf("{\"gateway_port\": \"x\"}");
    assertThat(ResolvedSettings.resolve(Map.of("FLUXLIT_GATEWAY_PORT", "9005"), Map.of(), hidden, dir)
      .settings().gateway().port()).isEqualTo(9005);
  }
}
