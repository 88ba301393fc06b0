package io.fluxlit.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The typo guard (docs/configuration.md): {@code FLUXLIT_*} environment variables that are no setting get a
 * warning naming the closest setting, so {@code FLUXLIT_GATWAY_PORT=9000} does not go unnoticed.
 */
public final class UnknownVariables {

  /** Variables FluxLit sets or reads that are not settings. */
  public static final Set<String> NOT_SETTINGS = Set.of(
    "FLUXLIT_API_PREFIX", "FLUXLIT_INTERNAL_API_BASE", "FLUXLIT_PROJECT_DIR");

  private UnknownVariables() {
  }

  /**
   * @param env the environment
   * @return one warning per unknown {@code FLUXLIT_*} variable, sorted by name
   */
  public static List<String> warnings(Map<String, String> env) {
    List<String> warnings = new ArrayList<>();
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith("FLUXLIT_") && !NOT_SETTINGS.contains(name) && !isSetting(name)) {
        String closest = ClosestName.among(name, Setting::envName);
        warnings.add("unknown variable " + name + " is ignored (did you mean " + closest + "?)");
      }
    }
    return warnings;
  }

  private static boolean isSetting(String name) {
    for (Setting<?> setting : Setting.values()) {
      if (setting.envName().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
