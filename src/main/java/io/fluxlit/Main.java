package io.fluxlit;

import io.fluxlit.cli.Command;
import io.fluxlit.cli.CommandDispatcher;
import io.fluxlit.cli.ConfigCommand;
import io.fluxlit.cli.DoctorCommand;
import io.fluxlit.cli.ReloadCommand;
import io.fluxlit.cli.RunCommand;
import io.fluxlit.cli.WorkerCommand;
import io.fluxlit.cli.ExtensionCommand;

import java.io.PrintStream;
import java.util.List;

/**
 * The jar's entry point: {@code java -jar fluxlit.jar COMMAND [ARGS]}. The commands are listed
 * here, one line each; {@link CommandDispatcher} picks one and {@code --help} lists them.
 *
 * <p>Exit status: 0 after a stop by SIGTERM or SIGINT (see {@code GracefulShutdown}) or a
 * successful report, 1 when start-up fails or {@code doctor} finds a FAIL, 2 for a bad command
 * line or configuration value (one line on stderr naming it).
 */
public final class Main {

  /** Every command, in the order {@code --help} lists them. */
  static final List<Command> COMMANDS = List.of(
    new Command("run", "[APP.py] [OPTIONS]",
      "serve APP.py as a managed Streamlit, or FLUXLIT_STREAMLIT_UPSTREAM (neither: only the API)", RunCommand::run),
    new Command("dev", "[APP.py] [OPTIONS]", "run with debug mode on", RunCommand::dev),
    new Command("config", "[--json] [APP.py] [OPTIONS]",
      "print the resolved settings (secrets redacted) and where each value came from", ConfigCommand::run),
    new Command("doctor", "[--json] [--warnings-only] [APP.py] [OPTIONS]",
      "check Java, Python and Streamlit, the app, ports, the upstream and paths; exit 1 on a FAIL", DoctorCommand::run),
    new Command("reload", "[--port PORT] [--conf FILE]",
      "replace the running gateway's Streamlit workers one at a time, without dropping sessions (docs/scaling.md)",
      ReloadCommand::run),
    new Command("worker", "APP.py [--conf FILE]",
      "run one managed Streamlit for the cluster's gateways, announced on the clustered event bus (docs/scaling.md)",
      WorkerCommand::run),
    new Command("extension", "CLASS... [--conf FILE]",
      "run only these extension verticles on the clustered event bus, no HTTP port (docs/scaling.md)",
      ExtensionCommand::run));

  private Main() {
  }

  /**
   * @param args the command line
   */
  public static void main(String[] args) {
    // Netty's allocator reports its chunks as JFR events unless told not to; registering those
    // event classes took about 100 ms of the first request (docs/performance.md, tuning log).
    // -Dio.netty.jfr.enabled=true still turns them on, for a flight recording of the allocator.
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    int status = run(args, System.out, System.err);
    if (status >= 0) {
      System.exit(status);
    }
  }

  /**
   * @return an exit status, or -1 when the server runs (until a signal stops it)
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return new CommandDispatcher(COMMANDS, version()).dispatch(args, out, err);
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
