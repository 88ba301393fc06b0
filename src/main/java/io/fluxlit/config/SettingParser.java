package io.fluxlit.config;

/**
 * Turns one setting's raw text (as an environment variable would hold it) into its typed value,
 * or refuses it. Each {@link Setting} carries its parser, so a value is checked where it is
 * declared, and once: {@link SettingValues} parses every setting at start-up.
 *
 * @param <T> the parsed type
 */
@FunctionalInterface
public interface SettingParser<T> {

  /**
   * @param raw the raw text, never {@code null}
   * @return the typed value
   * @throws Refused when the text is unusable
   */
  T parse(String raw);

  /**
   * A refused value. {@link Setting#parse(String)} turns it into the {@link ConfigException}
   * that names the setting.
   */
  final class Refused extends IllegalArgumentException {

    private final boolean detail;

    private Refused(String message, boolean detail) {
      super(message, null);
      this.detail = detail;
    }

    /**
     * @param accepted what would have been accepted, e.g. {@code a whole number from 0 to 65535}
     * @return the refusal, said as "{@code NAME='value' is invalid: expected <accepted>}"
     */
    public static Refused expected(String accepted) {
      return new Refused(accepted, false);
    }

    /**
     * @param detail what is wrong, written to follow the setting's name, e.g. {@code " may not contain x"}
     * @return the refusal, said as "{@code NAME<detail>}"
     */
    public static Refused because(String detail) {
      return new Refused(detail, true);
    }

    ConfigException about(Setting<?> setting, String raw) {
      return detail ? new ConfigException(setting, getMessage()) : new ConfigException(setting, raw, getMessage());
    }
  }
}
