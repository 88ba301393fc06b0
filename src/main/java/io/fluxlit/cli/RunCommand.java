package io.fluxlit.cli;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Setting;
import io.fluxlit.logging.LogSetup;
import io.fluxlit.server.FluxLitServer;
import io.fluxlit.server.StartupWarmUp;
import io.fluxlit.tracing.TraceHooks;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code run [APP.py] [OPTIONS]} and {@code dev [APP.py] [OPTIONS]}: resolve the settings, then
 * start the server, which runs until SIGTERM or SIGINT. {@code dev} is {@code run --debug}.
 */
public final class RunCommand {

  /** The flags {@code run} and {@code dev} take. */
  static final Set<CommandLine.Option> OPTIONS = EnumSet.of(CommandLine.Option.APP, CommandLine.Option.HOST,
    CommandLine.Option.PORT, CommandLine.Option.WORKERS, CommandLine.Option.DEBUG, CommandLine.Option.CONF);

  private RunCommand() {
  }

  /**
   * {@code run}.
   *
   * @param args the arguments after {@code run}
   * @param out standard output
   * @param err standard error
   * @return 2 for a bad command line or setting, else -1 (the server runs)
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return start("run", args, false, err);
  }

  /**
   * {@code dev}: {@code run} with debug mode on.
   *
   * @param args the arguments after {@code dev}
   * @param out standard output
   * @param err standard error
   * @return 2 for a bad command line or setting, else -1 (the server runs)
   */
  public static int dev(String[] args, PrintStream out, PrintStream err) {
    return start("dev", args, true, err);
  }

  private static int start(String command, String[] args, boolean debug, PrintStream err) {
    StartupWarmUp.start();
    ResolvedSettings resolved;
    try {
      CommandLine line = CommandLine.parse(command, args, OPTIONS);
      if (debug) {
        line.with(Setting.FLUXLIT_DEBUG, "true");
      }
      resolved = line.resolve(System.getenv(), Path.of(""));
    } catch (ConfigException e) {
      err.println("fluxlit: " + e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    LogSetup.apply(resolved.settings());
    resolved.confFile().ifPresent(file -> LoggerFactory.getLogger("fluxlit")
      .info("settings file {} read (command line and FLUXLIT_* variables win over it)", file));
    // Find a trace hook on the class path now, not on an event loop when the gateway first asks.
    TraceHooks.active();
    FluxLitServer.start(resolved.settings(), err);
    return -1;
  }
}
