package io.fluxlit.config;

import java.util.function.Function;

/**
 * The setting a misspelt name most likely meant, by edit distance: the suggestion of the unknown
 * variable warning and of the settings file's unknown-key error. Hand-written because it is ten
 * lines, and no dependency of FluxLit offers it.
 */
final class ClosestName {

  private ClosestName() {
  }

  /**
   * @param name the name as written
   * @param spelling how a setting is spelt where the name was found (variable name or file key)
   * @return the closest spelling of any setting
   */
  static String among(String name, Function<Setting<?>, String> spelling) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Setting<?> setting : Setting.values()) {
      int distance = distance(name, spelling.apply(setting));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = spelling.apply(setting);
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
