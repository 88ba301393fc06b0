package io.fluxlit.config;

import java.util.HashMap;
import java.util.Map;

/** Settings resolved the way start-up resolves them, from environment pairs only (no file, no flags). */
final class TestSettings {

  private TestSettings() {
  }

  /**
   * @param pairs variable names and values, alternating
   * @return the resolved settings
   */
  static Settings fromEnv(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return ResolvedSettings.resolve(env, Map.of()).settings();
  }
}
