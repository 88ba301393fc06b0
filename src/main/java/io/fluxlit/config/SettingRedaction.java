package io.fluxlit.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Hides secrets when settings are shown ({@code config}, the debug snapshot). A setting is secret
 * when its name contains {@code SECRET}, {@code TOKEN}, {@code PASSWORD} or {@code AUTHORIZATION}
 * (docs/configuration.md) or ends in {@code _KEY}; its non-empty value becomes
 * {@value #REDACTED}. Any other value that is a URL with a password ({@code http://user:pw@host})
 * keeps the URL with the password replaced.
 */
public final class SettingRedaction {

  /** The replacement text (settings use {@code [REDACTED]}, docs/observability.md#redaction). */
  public static final String REDACTED = "[REDACTED]";

  private static final List<String> SECRET_WORDS = List.of("secret", "token", "password", "authorization");

  private SettingRedaction() {
  }

  /**
   * @param name a setting's environment variable name (or any key)
   * @return whether values under that name are secret
   */
  public static boolean isSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(lower::contains) || lower.endsWith("_key");
  }

  /**
   * @param name a setting's environment variable name (or any key)
   * @param value its value as given
   * @return the value safe to show
   */
  public static String redact(String name, String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return isSecret(name) ? REDACTED : withoutUrlPassword(value);
  }

  /** {@code scheme://user:password@host/...} keeps everything but the password. */
  static String withoutUrlPassword(String value) {
    String trimmed = value.trim();
    if (!trimmed.contains("://") || !trimmed.contains("@")) {
      return value;
    }
    try {
      URI uri = new URI(trimmed);
      String userInfo = uri.getRawUserInfo();
      if (userInfo == null || !userInfo.contains(":")) {
        return value;
      }
      String user = userInfo.substring(0, userInfo.indexOf(':'));
      int at = trimmed.indexOf(userInfo + "@");
      return trimmed.substring(0, at) + user + ":" + REDACTED + trimmed.substring(at + userInfo.length());
    } catch (URISyntaxException e) {
      return value;
    }
  }
}
