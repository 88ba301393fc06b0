package io.fluxlit.cli;

import io.fluxlit.config.ConfFile;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Setting;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The flags shared by {@code run}, {@code dev}, {@code config} and {@code doctor}: an optional
 * script argument, {@code --host}, {@code --port}, {@code --workers}, {@code --debug}, {@code --conf FILE}, and for
 * the reporting commands {@code --json} and {@code --warnings-only}. A flag's value may follow it
 * or be joined with {@code =} ({@code --port=9000}). Mistakes are a {@link ConfigException} (exit 2).
 */
public final class CommandLine {

  /** The flags a command may accept. */
  public enum Option {
    /** The Streamlit script, a positional argument. */
    APP,
    /** {@code --host HOST}. */
    HOST,
    /** {@code --port PORT}. */
    PORT,
    /** {@code --workers N|auto}. */
    WORKERS,
    /** {@code --debug}. */
    DEBUG,
    /** {@code --conf FILE}. */
    CONF,
    /** {@code --json}. */
    JSON,
    /** {@code --warnings-only}. */
    WARNINGS_ONLY
  }

  private final Map<Setting<?>, String> overrides = new LinkedHashMap<>();
  private Path conf;
  private boolean json;
  private boolean warningsOnly;

  private CommandLine() {
  }

  /**
   * @param command the command's name, for error messages
   * @param args the arguments after the command's name
   * @param accepted the flags this command takes
   * @return the parsed command line
   * @throws ConfigException for an unknown argument or a flag without its value
   */
  public static CommandLine parse(String command, String[] args, Set<Option> accepted) {
    CommandLine line = new CommandLine();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
      String flag = eq < 0 ? arg : arg.substring(0, eq);
      Option option = option(flag);
      if (option == null && !arg.startsWith("-") && accepted.contains(Option.APP)
        && !line.overrides.containsKey(Setting.FLUXLIT_STREAMLIT_APP)) {
        line.overrides.put(Setting.FLUXLIT_STREAMLIT_APP, arg);
        continue;
      }
      if (option == null || !accepted.contains(option)) {
        throw new ConfigException("unknown argument '" + arg + "' for " + command + " (try --help)");
      }
      boolean takesValue = option == Option.HOST || option == Option.PORT || option == Option.CONF
        || option == Option.WORKERS;
      if (!takesValue && eq >= 0) {
        throw new ConfigException(flag + " takes no value (try --help)");
      }
      String value = null;
      if (takesValue) {
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new ConfigException(flag + " needs a value");
        }
      }
      switch (option) {
        case HOST -> line.overrides.put(Setting.FLUXLIT_GATEWAY_HOST, value);
        case PORT -> line.overrides.put(Setting.FLUXLIT_GATEWAY_PORT, value);
        case WORKERS -> line.overrides.put(Setting.FLUXLIT_STREAMLIT_WORKERS, value);
        case DEBUG -> line.overrides.put(Setting.FLUXLIT_DEBUG, "true");
        case CONF -> line.conf = Path.of(value);
        case JSON -> line.json = true;
        case WARNINGS_ONLY -> line.warningsOnly = true;
        default -> throw new IllegalStateException(option.name());
      }
    }
    return line;
  }

  /**
   * Layers the settings for this command line (docs/configuration.md): its flags over the {@code FLUXLIT_*}
   * environment over the settings file ({@code --conf}, else {@code conf/fluxlit.json} in the
   * working directory when it exists) over the defaults.
   *
   * @param env the process environment
   * @param workingDir where {@code conf/fluxlit.json} is looked for ({@code Path.of("")}: the working directory)
   * @return the validated settings with their sources
   * @throws ConfigException naming the first unusable value
   */
  public ResolvedSettings resolve(Map<String, String> env, Path workingDir) {
    return ResolvedSettings.resolve(env, overrides, conf, workingDir);
  }

  /**
   * @param setting a setting
   * @param value its value, as if given on the command line ({@code dev} turns debug on this way)
   * @return this
   */
  public CommandLine with(Setting<?> setting, String value) {
    overrides.put(setting, value);
    return this;
  }

  /** @return the settings given on the command line */
  public Map<Setting<?>, String> overrides() {
    return Map.copyOf(overrides);
  }

  /** @return the {@code --conf} file, or {@code null} */
  public Path conf() {
    return conf;
  }

  /** @return whether {@code --json} was given */
  public boolean json() {
    return json;
  }

  /** @return whether {@code --warnings-only} was given */
  public boolean warningsOnly() {
    return warningsOnly;
  }

  /** @return the options part of {@code --help} */
  static String optionsHelp() {
    return "Options (run, dev, config, doctor):\n"
      + "  APP.py            the Streamlit script to run as a managed sidecar (" + Setting.FLUXLIT_STREAMLIT_APP.envName() + ")\n"
      + "  --host HOST       bind address (" + Setting.FLUXLIT_GATEWAY_HOST.envName() + ", default "
      + Setting.FLUXLIT_GATEWAY_HOST.defaultValue() + ")\n"
      + "  --port PORT       public port (" + Setting.FLUXLIT_GATEWAY_PORT.envName() + ", default "
      + Setting.FLUXLIT_GATEWAY_PORT.defaultValue() + ")\n"
      + "  --workers N|auto  managed Streamlit processes behind the port (" + Setting.FLUXLIT_STREAMLIT_WORKERS.envName()
      + ", default " + Setting.FLUXLIT_STREAMLIT_WORKERS.defaultValue() + ")\n"
      + "  --debug           debug mode (" + Setting.FLUXLIT_DEBUG.envName() + "): access logs, DEBUG level, /__fluxlit/debug\n"
      + "  --conf FILE       settings file (JSON); without it " + ConfFile.DEFAULT_PATH + " is read when it exists\n"
      + "  --json            config, doctor: print JSON\n"
      + "  --warnings-only   doctor: exit 0 even when a check fails\n"
      + "\nPrecedence: command line > FLUXLIT_* environment > settings file > defaults.\n"
      + "Every setting: docs/configuration.md\n";
  }

  private static Option option(String flag) {
    return switch (flag) {
      case "--host" -> Option.HOST;
      case "--port" -> Option.PORT;
      case "--workers" -> Option.WORKERS;
      case "--debug" -> Option.DEBUG;
      case "--conf" -> Option.CONF;
      case "--json" -> Option.JSON;
      case "--warnings-only" -> Option.WARNINGS_ONLY;
      default -> null;
    };
  }
}
