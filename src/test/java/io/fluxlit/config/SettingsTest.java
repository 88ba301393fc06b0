package io.fluxlit.config;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

  @Test
  void everyConstantIsNamedLikeItsVariableAndListedOnce() throws IllegalAccessException {
    List<String> constants = new ArrayList<>();
    for (Field field : Setting.class.getDeclaredFields()) {
      if (field.getType() == Setting.class && Modifier.isStatic(field.getModifiers())) {
        Setting<?> setting = (Setting<?>) field.get(null);
        assertThat(field.getName()).as("the constant of " + setting.envName()).isEqualTo(setting.envName());
        assertThat(Modifier.isPublic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())).as(field.getName()).isTrue();
        constants.add(field.getName());
      }
    }
    assertThat(Setting.values().stream().map(Setting::envName).toList()).containsExactlyInAnyOrderElementsOf(constants);
  }

  @Test
  void hasTheDocumentedDefaults() {
    Settings settings = Settings.defaults();
    assertThat(settings.gateway().host()).isEqualTo("127.0.0.1");
    assertThat(settings.gateway().port()).isEqualTo(8000);
    assertThat(settings.api().mount()).isEqualTo("/api");
    assertThat(settings.gateway().rootPath()).isEmpty();
    assertThat(settings.upstream().connectTimeoutMs()).isEqualTo(30_000);
    assertThat(settings.upstream().readTimeoutMs()).isEqualTo(120_000);
    assertThat(settings.upstream().readinessProbeTimeoutMs()).isEqualTo(500);
    assertThat(settings.webSocket().maxMessageBytes()).isEqualTo(200 * 1024 * 1024);
    assertThat(settings.gateway().instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void commandLineBeatsEnvironment() {
    Settings settings = ResolvedSettings.resolve(Map.of("FLUXLIT_GATEWAY_PORT", "9000"), Map.of(Setting.FLUXLIT_GATEWAY_PORT, "9100")).settings();
    assertThat(settings.gateway().port()).isEqualTo(9100);
  }

  @Test
  void normalisesPrefixes() {
    assertThat(TestSettings.fromEnv("FLUXLIT_API_MOUNT_PATH", " api/ ").api().mount()).isEqualTo("/api");
    assertThat(TestSettings.fromEnv("FLUXLIT_API_MOUNT_PATH", "").api().mount()).isEqualTo("/api");
    assertThat(TestSettings.fromEnv("FLUXLIT_ROOT_PATH", " /myapp/ ").gateway().rootPath()).isEqualTo("/myapp");
  }

  @Test
  void refusesBadValuesWithOneLineNamingTheSetting() {
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_GATEWAY_PORT", "abc"))
      .isInstanceOf(ConfigException.class)
      .hasMessage("FLUXLIT_GATEWAY_PORT='abc' is invalid: expected a whole number from 0 to 65535");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S", "-1"))
      .hasMessageStartingWith("FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S='-1' is invalid");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_TRUST_PROXY", "maybe"))
      .hasMessageStartingWith("FLUXLIT_TRUST_PROXY='maybe' is invalid");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_UPSTREAM", "ftp://x"))
      .hasMessageStartingWith("FLUXLIT_STREAMLIT_UPSTREAM='ftp://x' is invalid");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_UPSTREAM", "localhost:8501"))
      .hasMessageStartingWith("FLUXLIT_STREAMLIT_UPSTREAM='localhost:8501' is invalid");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_FORWARDED_ALLOW_IPS", "proxy.example"))
      .hasMessageStartingWith("FLUXLIT_FORWARDED_ALLOW_IPS='proxy.example' is invalid");
    assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_API_MOUNT_PATH", "/"))
      .hasMessageStartingWith("FLUXLIT_API_MOUNT_PATH='/' is invalid");
    for (String message : List.of("--server.port=1", "--server.address 0.0.0.0", "[\"--server.baseUrlPath\",\"/x\"]")) {
      assertThatThrownBy(() -> TestSettings.fromEnv("FLUXLIT_STREAMLIT_RUN_CLI_ARGS", message))
        .hasMessageStartingWith("FLUXLIT_STREAMLIT_RUN_CLI_ARGS may not contain --server.");
    }
    for (Setting<?> setting : Setting.values()) {
      assertThat(setting.envName()).startsWith("FLUXLIT_");
    }
  }

  @Test
  void parsesStreamlitArgumentsAsJsonOrWords() {
    assertThat(TestSettings.fromEnv("FLUXLIT_STREAMLIT_RUN_CLI_ARGS", "[\"--theme.base\", \"dark\"]").sidecar().runArgs())
      .containsExactly("--theme.base", "dark");
    assertThat(TestSettings.fromEnv("FLUXLIT_STREAMLIT_RUN_CLI_ARGS", "--theme.base dark").sidecar().runArgs())
      .containsExactly("--theme.base", "dark");
  }

  @Test
  void trustsListedProxiesInAnySpelling() {
    TrustedProxies proxies = TrustedProxies.parse("127.0.0.1, ::1");
    assertThat(proxies.trusts("127.0.0.1")).isTrue();
    assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(proxies.trusts("10.0.0.1")).isFalse();
    assertThat(TrustedProxies.parse("*").trusts("10.0.0.1")).isTrue();
  }

  @Test
  void aReplacedValueIsParsedAndTheRestKept() {
    Settings settings = TestSettings.fromEnv("FLUXLIT_ROOT_PATH", "/x", "FLUXLIT_GATEWAY_PORT", "0");
    Settings chosen = settings.with(Setting.FLUXLIT_GATEWAY_PORT, "1234");
    assertThat(chosen.gateway().rootPath()).isEqualTo("/x");
    assertThat(chosen.gateway().port()).isEqualTo(1234);
    assertThat(chosen.raw(Setting.FLUXLIT_GATEWAY_PORT)).isEqualTo("1234");
    assertThatThrownBy(() -> settings.with(Setting.FLUXLIT_GATEWAY_PORT, "x"))
      .hasMessageStartingWith("FLUXLIT_GATEWAY_PORT='x' is invalid");
  }

  @Test
  void eachSettingParsesItsOwnValue() {
    assertThat(Setting.FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S.parse("1.5")).isEqualTo(1500L);
    assertThat(Setting.FLUXLIT_GATEWAY_PORT.parse(" 80 ")).isEqualTo(80);
    assertThat(Setting.FLUXLIT_TRUST_PROXY.parse("on")).isEqualTo(true);
    assertThatThrownBy(() -> Setting.FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S.parse("soon"))
      .isInstanceOf(ConfigException.class)
      .hasMessageStartingWith("FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S='soon' is invalid");
  }
}
