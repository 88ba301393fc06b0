package io.fluxlit.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings after layering, the only place values are layered (docs/configuration.md#precedence):
 * command line over {@code FLUXLIT_*} environment over the
 * settings file over defaults, together with where each value came from.
 *
 * @param settings the validated settings
 * @param sources where each setting's value came from
 * @param confFile the settings file that was read, if any
 */
public record ResolvedSettings(Settings settings, Map<Setting<?>, SettingSource> sources, Optional<Path> confFile) {

  /** Copies the source map so the record cannot change under its holder. */
  public ResolvedSettings {
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  /**
   * @param env the process environment (only {@code FLUXLIT_*} entries are read)
   * @param cli values given on the command line
   * @param explicitConf the {@code --conf} file, or {@code null} for {@link ConfFile#DEFAULT_PATH}
   *     when it exists
   * @param workingDir the directory the default settings file is looked for in
   * @return the validated settings and their sources
   * @throws ConfigException naming the first unusable value, and the file when it came from one
   */
  public static ResolvedSettings resolve(Map<String, String> env, Map<Setting<?>, String> cli, Path explicitConf,
                                         Path workingDir) {
    Optional<ConfFile> file = ConfFile.locate(explicitConf, workingDir);
    return layer(env, cli, file.map(ConfFile::values).orElse(Map.of()),
      file.map(f -> SettingSource.file(f.path())).orElse(null), file.map(ConfFile::path));
  }

  /**
   * Command line over environment over defaults, with no settings file.
   *
   * @param env the process environment (only {@code FLUXLIT_*} entries are read)
   * @param cli values given on the command line
   * @return the validated settings and their sources
   */
  public static ResolvedSettings resolve(Map<String, String> env, Map<Setting<?>, String> cli) {
    return layer(env, cli, Map.of(), null, Optional.empty());
  }

  /**
   * The Vert.x launcher's boundary: a deployment config ({@code -conf}, or an embedding
   * application's) takes the settings file's place, under the environment.
   *
   * @param env the process environment
   * @param deploymentConfig the main verticle's deployment config, keyed by variable names or
   *     settings-file keys; keys of no setting are ignored
   * @return the validated settings and their sources
   */
  public static ResolvedSettings resolve(Map<String, String> env, JsonObject deploymentConfig) {
    return layer(env, Map.of(), ConfFile.deploymentValues(deploymentConfig), SettingSource.DEPLOYMENT,
      Optional.empty());
  }

  private static ResolvedSettings layer(Map<String, String> env, Map<Setting<?>, String> cli,
                                        Map<Setting<?>, String> fileValues, SettingSource fromFile,
                                        Optional<Path> confFile) {
    Map<Setting<?>, String> raw = new LinkedHashMap<>();
    Map<Setting<?>, SettingSource> sources = new LinkedHashMap<>();
    for (Setting<?> setting : Setting.values()) {
      if (cli.containsKey(setting)) {
        raw.put(setting, cli.get(setting));
        sources.put(setting, SettingSource.CLI);
      } else if (env.containsKey(setting.envName())) {
        raw.put(setting, env.get(setting.envName()));
        sources.put(setting, SettingSource.ENV);
      } else if (fileValues.containsKey(setting)) {
        raw.put(setting, fileValues.get(setting));
        sources.put(setting, fromFile);
      } else {
        raw.put(setting, setting.defaultValue());
        sources.put(setting, SettingSource.DEFAULT);
      }
    }
    try {
      return new ResolvedSettings(Settings.of(raw), sources, confFile);
    } catch (ConfigException e) {
      SettingSource source = e.setting() == null ? null : sources.get(e.setting());
      throw source != null && source.layer() == SettingSource.Layer.FILE ? e.inConfFile(source.file()) : e;
    }
  }

  /**
   * @param setting a setting
   * @return where its value came from
   */
  public SettingSource source(Setting<?> setting) {
    return sources.get(setting);
  }
}
