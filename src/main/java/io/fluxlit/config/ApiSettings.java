package io.fluxlit.config;

import java.util.List;

/**
 * The API under its mount, and the extension verticles that serve it.
 *
 * @param mount the normalised API mount, e.g. {@code /api}
 * @param timeoutMs how long the gateway waits for the API (and extensions) before 504
 * @param maxBodyBytes largest request body under the mount, 0 for no limit
 * @param extensions extension verticle class names deployed in this JVM
 */
public record ApiSettings(String mount, long timeoutMs, long maxBodyBytes, List<String> extensions) {

  static ApiSettings from(SettingValues values) {
    return new ApiSettings(values.get(Setting.FLUXLIT_API_MOUNT_PATH), values.get(Setting.FLUXLIT_API_TIMEOUT_S),
      values.get(Setting.FLUXLIT_API_MAX_BODY_BYTES), values.get(Setting.FLUXLIT_EXTENSIONS));
  }
}
