package io.fluxlit.config;

import java.nio.file.Path;

/**
 * A configuration value that cannot be used. The message is one line naming the setting, the
 * value and what is accepted; the command line prints it and exits with status 2.
 */
public final class ConfigException extends RuntimeException {

  /** Exit status for a refused configuration. */
  public static final int EXIT_CODE = 2;

  /** The setting the message is about, or {@code null} when it is about none in particular. */
  private final Setting<?> setting;
  /** The message after the setting's name, so it can be said again with the file key instead. */
  private final String detail;

  /**
   * @param setting the offending setting
   * @param value the value as given
   * @param accepted what would have been accepted
   */
  public ConfigException(Setting<?> setting, String value, String accepted) {
    this(setting, "=" + quote(value) + " is invalid: expected " + accepted);
  }

  /**
   * @param setting the offending setting
   * @param detail what is wrong, written to follow the setting's name (e.g. {@code " may not contain x"})
   */
  public ConfigException(Setting<?> setting, String detail) {
    super(setting.envName() + detail);
    this.setting = setting;
    this.detail = detail;
  }

  /** @param message a complete one-line message */
  public ConfigException(String message) {
    super(message);
    this.setting = null;
    this.detail = null;
  }

  /** @return the setting the message is about, or {@code null} */
  public Setting<?> setting() {
    return setting;
  }

  /**
   * The same complaint about a value that came from a settings file: names the file and the key
   * written there rather than the environment variable.
   *
   * @param file the settings file
   * @return the rephrased exception (this one when it names no setting)
   */
  public ConfigException inConfFile(Path file) {
    if (setting == null) {
      return this;
    }
    return new ConfigException(file + ": " + setting.confKey() + detail);
  }

  private static String quote(String value) {
    return "'" + value + "'";
  }
}
