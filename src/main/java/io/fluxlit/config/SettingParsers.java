package io.fluxlit.config;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The parsers the {@link Setting} entries are declared with: one per kind of value. */
final class SettingParsers {

  private static final Set<String> FORBIDDEN_STREAMLIT_ARGS =
    Set.of("--server.port", "--server.address", "--server.baseUrlPath");

  private SettingParsers() {
  }

  /** @return the text, trimmed */
  static SettingParser<String> text() {
    return String::trim;
  }

  /** @return the text, trimmed; blank is refused */
  static SettingParser<String> nonBlank() {
    return raw -> {
      String value = raw.trim();
      if (value.isEmpty()) {
        throw SettingParser.Refused.expected("a non-empty value");
      }
      return value;
    };
  }

  static SettingParser<Integer> wholeNumber(int min, int max) {
    return raw -> {
      try {
        int parsed = Integer.parseInt(raw.trim());
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // refused below
      }
      throw SettingParser.Refused.expected("a whole number from " + min + " to " + max);
    };
  }

  /** @return a whole number in the range, or 0 for a blank value (unset: the caller decides) */
  static SettingParser<Integer> wholeNumberOrBlank(int min, int max) {
    SettingParser<Integer> number = wholeNumber(min, max);
    return raw -> raw.isBlank() ? 0 : number.parse(raw);
  }

  /** @return a count whose blank value means one per CPU core */
  static SettingParser<Integer> perCore(int min, int max) {
    SettingParser<Integer> number = wholeNumber(min, max);
    // One per core: measured better than Vert.x's two per core for a proxy (docs/performance.md).
    return raw -> raw.isBlank() ? Runtime.getRuntime().availableProcessors() : number.parse(raw);
  }

  /**
   * @param word the word meaning one per CPU core, e.g. {@code auto}
   * @return a count, or one per core for {@code word}
   */
  static SettingParser<Integer> perCoreWord(String word, int min, int max) {
    SettingParser<Integer> number = wholeNumber(min, max);
    return raw -> {
      if (raw.trim().equalsIgnoreCase(word)) {
        return Math.min(max, Runtime.getRuntime().availableProcessors());
      }
      try {
        return number.parse(raw);
      } catch (SettingParser.Refused refused) {
        throw SettingParser.Refused.expected("a whole number from " + min + " to " + max + ", or " + word);
      }
    };
  }

  static SettingParser<Long> atLeast(long min) {
    return raw -> {
      try {
        long parsed = Long.parseLong(raw.trim());
        if (parsed >= min) {
          return parsed;
        }
      } catch (NumberFormatException ignored) {
        // refused below
      }
      throw SettingParser.Refused.expected("a whole number >= " + min);
    };
  }

  /**
   * @param zeroAllowed whether 0 (off) is accepted
   * @return seconds (fractions allowed, up to a day), parsed into milliseconds
   */
  static SettingParser<Long> secondsAsMillis(boolean zeroAllowed) {
    return raw -> {
      try {
        double parsed = Double.parseDouble(raw.trim());
        if (Double.isFinite(parsed) && (parsed > 0 || zeroAllowed && parsed == 0) && parsed <= 86_400) {
          return Math.max(zeroAllowed && parsed == 0 ? 0 : 1, Math.round(parsed * 1000));
        }
      } catch (NumberFormatException ignored) {
        // refused below
      }
      throw SettingParser.Refused.expected((zeroAllowed ? "seconds >= 0" : "seconds > 0") + " (up to 86400), e.g. 1.5");
    };
  }

  static SettingParser<Boolean> flag() {
    return raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off", "" -> false;
      default -> throw SettingParser.Refused.expected("one of 1/0, true/false, yes/no, on/off");
    };
  }

  /** @return one of the accepted words, case-insensitively, spelt as listed */
  static SettingParser<String> oneOf(String... accepted) {
    return raw -> {
      String value = raw.trim();
      for (String candidate : accepted) {
        if (candidate.equalsIgnoreCase(value)) {
          return candidate;
        }
      }
      throw SettingParser.Refused.expected("one of " + String.join(", ", accepted));
    };
  }

  static SettingParser<String> apiMount() {
    return raw -> {
      if (!raw.isBlank() && raw.trim().matches("/+")) {
        throw SettingParser.Refused.expected("a path prefix such as /api (the root belongs to Streamlit)");
      }
      return PathPrefix.apiMount(raw);
    };
  }

  static SettingParser<String> rootPath() {
    return PathPrefix::rootPath;
  }

  /** @return a path that must not be blank, normalised like the public sub-path */
  static SettingParser<String> path() {
    SettingParser<String> nonBlank = nonBlank();
    return raw -> PathPrefix.rootPath(nonBlank.parse(raw));
  }

  /** @return comma-separated words, trimmed, blanks dropped */
  static SettingParser<List<String>> commaList() {
    return raw -> {
      List<String> items = new ArrayList<>();
      for (String item : raw.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return List.copyOf(items);
    };
  }

  /** @return OAuth scopes, space- or comma-separated, without duplicates, {@code openid} first */
  static SettingParser<List<String>> scopes() {
    return raw -> {
      LinkedHashSet<String> scopes = new LinkedHashSet<>();
      scopes.add("openid");
      for (String scope : raw.trim().split("[\\s,]+")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
      return List.copyOf(scopes);
    };
  }

  static SettingParser<List<String>> classNames() {
    SettingParser<List<String>> list = commaList();
    return raw -> {
      List<String> names = list.parse(raw);
      if (names.stream().anyMatch(name -> !name.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*"))) {
        throw SettingParser.Refused.expected("comma-separated Java class names");
      }
      return names;
    };
  }

  /** @return a JSON list of strings or space-separated words; the port, address and base path are refused */
  static SettingParser<List<String>> streamlitArgs() {
    return raw -> {
      String text = raw.trim();
      List<String> args = new ArrayList<>();
      if (text.startsWith("[")) {
        try {
          for (Object o : new JsonArray(text)) {
            args.add(String.valueOf(o));
          }
        } catch (RuntimeException e) {
          throw SettingParser.Refused.expected("a JSON list of strings or space-separated arguments");
        }
      } else if (!text.isEmpty()) {
        args.addAll(List.of(text.split("\\s+")));
      }
      for (String arg : args) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        if (FORBIDDEN_STREAMLIT_ARGS.contains(name)) {
          throw SettingParser.Refused.because(" may not contain " + name
            + ": FluxLit sets the Streamlit port, address and baseUrlPath itself");
        }
      }
      return List.copyOf(args);
    };
  }
}
