package io.fluxlit.config;

/** Normalisation of configured path prefixes (docs/configuration.md). */
public final class PathPrefix {

  private PathPrefix() {
  }

  /**
   * The API mount: trimmed, leading {@code /}, no trailing {@code /}; empty becomes {@code /api}.
   *
   * @param raw the configured value, may be {@code null}
   * @return the normalised mount
   */
  public static String apiMount(String raw) {
    if (raw != null && !raw.isBlank() && raw.trim().matches("/+")) {
      throw new ConfigException(Setting.FLUXLIT_API_MOUNT_PATH, raw, "a path prefix such as /api (the root belongs to Streamlit)");
    }
    String mount = prefix(raw);
    return mount.isEmpty() ? "/api" : mount;
  }

  /**
   * The public sub-path: trimmed, leading {@code /}, no trailing {@code /}; empty means none.
   *
   * @param raw the configured value, may be {@code null}
   * @return the normalised sub-path, or the empty string
   */
  public static String rootPath(String raw) {
    return prefix(raw);
  }

  private static String prefix(String raw) {
    String value = raw == null ? "" : raw.trim();
    while (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    if (value.isEmpty()) {
      return "";
    }
    return value.startsWith("/") ? value : "/" + value;
  }
}
