package io.fluxlit.cli;

import io.fluxlit.config.ConfFile;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Setting;
import io.fluxlit.config.SettingRedaction;
import io.fluxlit.config.Settings;
import io.fluxlit.config.UnknownVariables;
import io.fluxlit.sidecar.StreamlitCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * What {@code config} prints: every setting with its redacted value and where it came from, the
 * binding, the internal API base the Streamlit code gets, and warnings. The JSON form
 * ({@code config --json}) is a stable contract, documented in docs/configuration.md:
 *
 * <pre>{@code
 * {"conf_file": "conf/fluxlit.json" | null,
 *  "binding": {"host": "127.0.0.1", "port": 8000},
 *  "internal_api_base": "http://127.0.0.1:8000/api",
 *  "settings": [{"env": "FLUXLIT_GATEWAY_HOST", "key": "gateway_host", "value": "127.0.0.1", "source": "default"}, ...],
 *  "warnings": [{"level": "warning", "code": "unknown_variable", "message": "...", "doc": "..."}]}
 * }</pre>
 */
final class ConfigReport {

  /** Where the warnings point to. */
  private static final String UNKNOWN_VARIABLE_DOC = "docs/configuration.md#precedence";

  private final ResolvedSettings resolved;
  private final List<String> unknownVariables;

  ConfigReport(ResolvedSettings resolved, Map<String, String> env) {
    this.resolved = resolved;
    this.unknownVariables = UnknownVariables.warnings(env);
  }

  /** @return the JSON form */
  JsonObject toJson() {
    Settings settings = resolved.settings();
    JsonArray rows = new JsonArray();
    for (Setting<?> setting : Setting.values()) {
      rows.add(new JsonObject()
        .put("env", setting.envName())
        .put("key", setting.confKey())
        .put("value", SettingRedaction.redact(setting.envName(), settings.raw(setting)))
        .put("source", resolved.source(setting).label()));
    }
    JsonArray warnings = new JsonArray();
    unknownVariables.forEach(message -> warnings.add(new JsonObject()
      .put("level", "warning").put("code", "unknown_variable").put("message", message).put("doc", UNKNOWN_VARIABLE_DOC)));
    return new JsonObject()
      .put("conf_file", resolved.confFile().map(Object::toString).orElse(null))
      .put("binding", new JsonObject().put("host", settings.gateway().host()).put("port", settings.gateway().port()))
      .put("internal_api_base", StreamlitCommand.internalApiBase(settings.gateway().host(), settings.gateway().port(),
        settings.gateway().rootPath(), settings.api().mount()))
      .put("settings", rows)
      .put("warnings", warnings);
  }

  /** @return the text form: a table, then the derived values and the warnings */
  String toText() {
    JsonObject json = toJson();
    List<JsonObject> rows = json.getJsonArray("settings").stream().map(JsonObject.class::cast).toList();
    int envWidth = width(rows, "env");
    int keyWidth = width(rows, "key");
    int valueWidth = Math.min(40, width(rows, "value"));
    StringBuilder text = new StringBuilder()
      .append("Settings file: ").append(resolved.confFile().map(Object::toString)
        .orElse("none (" + ConfFile.DEFAULT_PATH + " does not exist)")).append('\n')
      .append("Precedence: command line > FLUXLIT_* environment > settings file > defaults\n\n")
      .append(pad("VARIABLE", envWidth)).append(pad("FILE KEY", keyWidth)).append(pad("VALUE", valueWidth))
      .append("SOURCE\n");
    for (JsonObject row : rows) {
      String value = row.getString("value");
      text.append(pad(row.getString("env"), envWidth)).append(pad(row.getString("key"), keyWidth))
        .append(pad(value.isEmpty() ? "(empty)" : value, valueWidth)).append(row.getString("source")).append('\n');
    }
    JsonObject binding = json.getJsonObject("binding");
    text.append("\nListens on: ").append(binding.getString("host")).append(':').append(binding.getInteger("port"))
      .append("\nInternal API base (FLUXLIT_INTERNAL_API_BASE for Streamlit): ").append(json.getString("internal_api_base"))
      .append('\n');
    for (Object warning : json.getJsonArray("warnings")) {
      text.append("warning: ").append(((JsonObject) warning).getString("message")).append('\n');
    }
    return text.toString();
  }

  private static int width(List<JsonObject> rows, String field) {
    return rows.stream().mapToInt(r -> Math.max(8, r.getString(field).length())).max().orElse(8) + 2;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(2, width - text.length()));
  }
}
