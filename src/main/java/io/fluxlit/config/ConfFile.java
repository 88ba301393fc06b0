package io.fluxlit.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings file: one JSON object whose keys are {@link Setting#confKey()}s, e.g.
 * {@code {"gateway_port": 9000}}. {@code //} and {@code /* *}{@code /} comments are allowed (the
 * Vert.x JSON parser accepts them), so the shipped example can explain itself.
 *
 * <p>Values may be strings, numbers or booleans; the list settings also take an array of strings.
 * Each value is turned into the same text an environment variable would hold and validated by
 * its {@link Setting}. Everything that makes the file unusable (missing, not JSON, an unknown key, an
 * object where a value belongs) is one {@link ConfigException} line naming the file and the key.
 */
public final class ConfFile {

  /** Where the file is looked for, relative to the working directory, when no {@code --conf} is given. */
  public static final Path DEFAULT_PATH = Path.of("conf", "fluxlit.json");

  /** Comma-separated list settings: a JSON array is joined with commas. */
  private static final Set<Setting<?>> COMMA_LISTS =
    Set.of(Setting.FLUXLIT_FORWARDED_ALLOW_IPS, Setting.FLUXLIT_REDACT_QUERY_KEYS, Setting.FLUXLIT_EXTENSIONS);
  /** List settings whose text form is itself a JSON list: an array is kept as JSON. */
  private static final Set<Setting<?>> JSON_LISTS = Set.of(Setting.FLUXLIT_STREAMLIT_RUN_CLI_ARGS);

  private static final Map<String, Setting<?>> BY_CONF_KEY = table(Setting::confKey);
  private static final Map<String, Setting<?>> BY_ENV_NAME = table(Setting::envName);

  private static final Pattern JSON_POSITION = Pattern.compile("line: (\\d+), column: (\\d+)");

  private final Path path;
  private final Map<Setting<?>, String> values;

  private ConfFile(Path path, Map<Setting<?>, String> values) {
    this.path = path;
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Finds the settings file: the explicit one (which must exist), else {@link #DEFAULT_PATH} in
   * the working directory when it exists, else none.
   *
   * @param explicit the {@code --conf} file, or {@code null}
   * @param workingDir the directory {@link #DEFAULT_PATH} is relative to ({@code Path.of("")} for the
   *     working directory, which keeps the path short in messages)
   * @return the parsed file, or empty when there is none
   * @throws ConfigException when the file is missing (explicit only), unreadable or invalid
   */
  public static Optional<ConfFile> locate(Path explicit, Path workingDir) {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new ConfigException(explicit + ": no such settings file (--conf)");
      }
      return Optional.of(read(explicit));
    }
    Path byDefault = workingDir.resolve(DEFAULT_PATH);
    return Files.isRegularFile(byDefault) ? Optional.of(read(byDefault)) : Optional.empty();
  }

  /**
   * @param path a settings file
   * @return its values
   * @throws ConfigException naming the file (and the key) when it cannot be used
   */
  public static ConfFile read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(path + ": cannot read the settings file: " + e.getMessage());
    }
    Object json;
    try {
      json = text.isBlank() ? null : Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ConfigException(path + ": not valid JSON" + position(e) + ": " + reason(e));
    }
    if (!(json instanceof JsonObject settings)) {
      throw new ConfigException(path + ": must hold one JSON object of settings, e.g. {\"gateway_port\": 8000}");
    }
    return new ConfFile(path, values(settings, path.toString()));
  }

  /**
   * Parses the values of a settings object strictly: every key must be a {@link Setting#confKey()}.
   *
   * @param json the settings object
   * @param origin what to name in errors (the file)
   * @return the values as environment-style text
   */
  static Map<Setting<?>, String> values(JsonObject json, String origin) {
    Map<Setting<?>, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : json) {
      Setting<?> setting = byConfKey().get(entry.getKey());
      if (setting == null) {
        throw new ConfigException(origin + ": unknown key \"" + entry.getKey() + "\" (did you mean \""
          + closestKey(entry.getKey()) + "\"?)");
      }
      values.put(setting, text(setting, entry.getValue(), origin));
    }
    return values;
  }

  /**
   * Reads a deployment config (a Vert.x launcher's {@code -conf}) keyed by settings-file keys or
   * environment variable names. Keys of no setting are ignored: a launcher's config may carry
   * other things.
   *
   * @param config a verticle's deployment config
   * @return the values it sets, as environment-style text
   */
  static Map<Setting<?>, String> deploymentValues(JsonObject config) {
    Map<Setting<?>, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : config) {
      Setting<?> setting = byConfKey().get(entry.getKey());
      if (setting == null) {
        setting = BY_ENV_NAME.get(entry.getKey());
      }
      if (setting != null) {
        values.put(setting, text(setting, entry.getValue(), "deployment config"));
      }
    }
    return values;
  }

  /** @return whether {@code key} is a settings-file key */
  public static boolean isConfKey(String key) {
    return byConfKey().containsKey(key);
  }

  /** @return the file as given (relative paths stay relative) */
  public Path path() {
    return path;
  }

  /** @return the values the file sets, as environment-style text */
  public Map<Setting<?>, String> values() {
    return values;
  }

  private static String text(Setting<?> setting, Object value, String origin) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Number n) {
      return number(n);
    }
    if (value instanceof JsonArray array && (COMMA_LISTS.contains(setting) || JSON_LISTS.contains(setting))) {
      for (Object element : array) {
        if (!(element instanceof String)) {
          throw new ConfigException(origin + ": \"" + setting.confKey() + "\" must be a list of strings");
        }
      }
      return JSON_LISTS.contains(setting) ? array.encode() : String.join(",", array.getList());
    }
    String kind = value == null ? "null" : value instanceof JsonArray ? "a list" : "an object";
    String accepted = COMMA_LISTS.contains(setting) || JSON_LISTS.contains(setting)
      ? "a string or a list of strings" : "a string, number or boolean";
    throw new ConfigException(origin + ": \"" + setting.confKey() + "\" must be " + accepted + ", not " + kind);
  }

  /** Whole numbers without a fraction ({@code 8000}, not {@code 8000.0}), others in plain notation. */
  private static String number(Number n) {
    if (n instanceof Double || n instanceof Float) {
      BigDecimal decimal = new BigDecimal(n.toString()).stripTrailingZeros();
      return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
    }
    return n.toString();
  }

  /** Jackson's own first line, without Vert.x's prefix: e.g. {@code Unexpected character (',' (code 44)): ...}. */
  private static String reason(DecodeException e) {
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return message.replaceFirst("^Failed to decode:\\s*", "");
  }

  private static String position(Exception e) {
    Matcher m = JSON_POSITION.matcher(String.valueOf(e.getMessage()));
    return m.find() ? " (line " + m.group(1) + ", column " + m.group(2) + ")" : "";
  }

  private static Map<String, Setting<?>> byConfKey() {
    return BY_CONF_KEY;
  }

  private static Map<String, Setting<?>> table(Function<Setting<?>, String> key) {
    Map<String, Setting<?>> keys = new HashMap<>();
    for (Setting<?> setting : Setting.values()) {
      keys.put(key.apply(setting), setting);
    }
    return Collections.unmodifiableMap(keys);
  }

  private static String closestKey(String key) {
    // An environment variable name written as a key gets its own key suggested.
    for (Setting<?> setting : Setting.values()) {
      if (setting.envName().equalsIgnoreCase(key)) {
        return setting.confKey();
      }
    }
    return ClosestName.among(key.toLowerCase(Locale.ROOT), Setting::confKey);
  }
}
