package io.fluxlit.config;

/**
 * A configuration value that cannot be used. The message is one line naming the setting, the
 * value and what is accepted; {@code Main} prints it and exits with status 2.
 */
public final class ConfigException extends RuntimeException {

  /** Exit status for a refused configuration. */
  public static final int EXIT_CODE = 2;

  /**
   * @param setting the offending setting
   * @param value the value as given
   * @param accepted what would have been accepted
   */
  public ConfigException(Setting setting, String value, String accepted) {
    super(setting.envName() + "=" + quote(value) + " is invalid: expected " + accepted);
  }

  /** @param message a complete one-line message */
  public ConfigException(String message) {
    super(message);
  }

  private static String quote(String value) {
    return "'" + value + "'";
  }
}
