package io.fluxlit.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting's raw text and its parsed value, each parsed once by its {@link Setting}'s parser.
 * The per-area records of {@link Settings} are built from here.
 */
public final class SettingValues {

  private final Map<Setting<?>, String> raw;
  private final Map<Setting<?>, Object> parsed;

  private SettingValues(Map<Setting<?>, String> raw, Map<Setting<?>, Object> parsed) {
    this.raw = Collections.unmodifiableMap(raw);
    this.parsed = parsed;
  }

  /**
   * @param raw a raw value for every setting (missing ones take the default)
   * @return the parsed values
   * @throws ConfigException naming the first unusable value, in declaration order
   */
  static SettingValues parse(Map<Setting<?>, String> raw) {
    Map<Setting<?>, String> text = new LinkedHashMap<>();
    Map<Setting<?>, Object> parsed = new LinkedHashMap<>();
    for (Setting<?> setting : Setting.values()) {
      String value = raw.getOrDefault(setting, setting.defaultValue());
      text.put(setting, value);
      parsed.put(setting, setting.parse(value));
    }
    return new SettingValues(text, parsed);
  }

  /**
   * @param setting a setting
   * @param value its new raw value (only this one is parsed)
   * @return a copy with that value replaced
   */
  SettingValues with(Setting<?> setting, String value) {
    Map<Setting<?>, String> text = new LinkedHashMap<>(raw);
    Map<Setting<?>, Object> values = new LinkedHashMap<>(parsed);
    values.put(setting, setting.parse(value));
    text.put(setting, value);
    return new SettingValues(text, values);
  }

  /**
   * @param setting a setting
   * @param <T> the type its parser yields
   * @return its parsed value
   */
  <T> T get(Setting<T> setting) {
    // The one cast: parse() stored under each setting the value its own parser returned.
    @SuppressWarnings("unchecked")
    T value = (T) parsed.get(setting);
    return value;
  }

  /** @return the raw text of every setting, in declaration order */
  Map<Setting<?>, String> raw() {
    return raw;
  }
}
