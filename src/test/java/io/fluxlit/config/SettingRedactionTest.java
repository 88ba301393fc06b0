package io.fluxlit.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SettingRedactionTest {

  @Test
  void secretNamesHideTheirValues() {
    for (String name : new String[] {"FLUXLIT_JWT_HS256_SECRET", "FLUXLIT_API_TOKEN", "FLUXLIT_DB_PASSWORD",
      "FLUXLIT_AUTHORIZATION", "FLUXLIT_API_KEY"}) {
      assertThat(SettingRedaction.redact(name, "hunter2")).as(name).isEqualTo("[REDACTED]");
      assertThat(SettingRedaction.redact(name, "")).as(name + " empty stays empty").isEmpty();
    }
  }

  @Test
  void otherNamesKeepTheirValuesIncludingTheListOfRedactedQueryKeys() {
    java.util.Set<Setting<?>> secrets = java.util.Set.of(Setting.FLUXLIT_JWT_HS256_SECRET, Setting.FLUXLIT_OIDC_BFF_SECRET,
      Setting.FLUXLIT_AUTH_OIDC_CLIENT_SECRET, Setting.FLUXLIT_AUTH_COOKIE_SECRET);
    for (Setting<?> setting : Setting.values()) {
      assertThat(SettingRedaction.isSecret(setting.envName())).as(setting.envName()).isEqualTo(secrets.contains(setting));
    }
    assertThat(SettingRedaction.redact(Setting.FLUXLIT_REDACT_QUERY_KEYS.envName(), "token,sid")).isEqualTo("token,sid");
    assertThat(SettingRedaction.redact(Setting.FLUXLIT_GATEWAY_HOST.envName(), "0.0.0.0")).isEqualTo("0.0.0.0");
  }

  @Test
  void urlsKeepTheirUserButNotTheirPassword() {
    assertThat(SettingRedaction.redact("FLUXLIT_STREAMLIT_UPSTREAM", "http://bob:s3cr%40t@host:8501/base"))
      .isEqualTo("http://bob:[REDACTED]@host:8501/base");
    assertThat(SettingRedaction.redact("FLUXLIT_STREAMLIT_UPSTREAM", "https://bob@host")).isEqualTo("https://bob@host");
    assertThat(SettingRedaction.redact("FLUXLIT_STREAMLIT_UPSTREAM", "http://host:8501")).isEqualTo("http://host:8501");
    assertThat(SettingRedaction.redact("FLUXLIT_X", "not a url: a@b")).isEqualTo("not a url: a@b");
  }
}
