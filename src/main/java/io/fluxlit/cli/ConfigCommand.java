package io.fluxlit.cli;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.ResolvedSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code config [--json] [APP.py] [OPTIONS]}: prints the settings {@code run} would use with the
 * same arguments, secrets redacted, and where each value came from ({@link ConfigReport}). Exit 0,
 * or 2 with one line when the command line or a setting is unusable.
 */
public final class ConfigCommand {

  private static final Set<CommandLine.Option> OPTIONS = EnumSet.of(CommandLine.Option.APP,
    CommandLine.Option.HOST, CommandLine.Option.PORT, CommandLine.Option.WORKERS, CommandLine.Option.DEBUG, CommandLine.Option.CONF,
    CommandLine.Option.JSON);

  private ConfigCommand() {
  }

  /**
   * @param args the arguments after {@code config}
   * @param out standard output: the report
   * @param err standard error: the one-line error
   * @return 0, or 2 for a bad command line or setting
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  /** The same with a given environment, for tests. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine line;
    ResolvedSettings resolved;
    try {
      line = CommandLine.parse("config", args, OPTIONS);
      resolved = line.resolve(env, Path.of(""));
    } catch (ConfigException e) {
      err.println("fluxlit: " + e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    ConfigReport report = new ConfigReport(resolved, env);
    out.print(line.json() ? report.toJson().encodePrettily() + "\n" : report.toText());
    return 0;
  }
}
