package io.fluxlit;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.logging.LogSetup;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * Command line: {@code java -jar fluxlit.jar run [APP.py] [--host H] [--port P]}.
 *
 * <p>Exit status: 0 after a stop by SIGTERM or SIGINT, 1 when start-up fails, 2 for a bad command
 * line or configuration value (one line on stderr naming it).
 *
 * <p>Stopping ({@code GracefulShutdown}): on SIGTERM or SIGINT the gateway stops accepting
 * connections, closes WebSockets with 1001 and lets in-flight requests finish for up to
 * {@code FLUXLIT_GRACEFUL_SHUTDOWN_TIMEOUT_S}; then everything else is undeployed, the Streamlit
 * child gets SIGTERM (SIGKILL after 5 s), and the process exits 0. A second signal exits at once
 * (128 + the signal number) after killing the child processes.
 */
public final class Main {

  private static final String USAGE = """
    Usage: java -jar fluxlit.jar run [APP.py] [--host HOST] [--port PORT] [--debug]
           java -jar fluxlit.jar --help | --version

    Serves an API (under /api) and a Streamlit app behind one port.
      run APP.py     start APP.py as a managed Streamlit sidecar and serve it
      run            serve FLUXLIT_STREAMLIT_UPSTREAM (or only the API when unset)
      --host HOST    bind address (FLUXLIT_GATEWAY_HOST, default 127.0.0.1)
      --port PORT    public port (FLUXLIT_GATEWAY_PORT, default 8000)
      --debug        debug mode (FLUXLIT_DEBUG): access logs, DEBUG level, /__fluxlit/debug
    Every setting: docs/configuration.md
    """;

  private Main() {
  }

  /**
   * @param args the command line
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status >= 0) {
      System.exit(status);
    }
  }

  /**
   * @return an exit status, or -1 when the server runs (until a signal stops it)
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    if (args[0].equals("--version")) {
      out.println("fluxlit " + version());
      return 0;
    }
    if (!args[0].equals("run")) {
      err.println("fluxlit: unknown command '" + args[0] + "' (try --help)");
      return 2;
    }
    Settings settings;
    try {
      settings = Settings.resolve(System.getenv(), parseRunArgs(args));
    } catch (ConfigException e) {
      err.println("fluxlit: " + e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    LogSetup.apply(settings);
    // Find a trace hook on the class path now, not on an event loop when the gateway first asks.
    io.fluxlit.tracing.TraceHooks.active();
    start(settings, err);
    return -1;
  }

  private static Map<Setting, String> parseRunArgs(String[] args) {
    Map<Setting, String> cli = new EnumMap<>(Setting.class);
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--host" -> cli.put(Setting.GATEWAY_HOST, value(args, ++i, arg));
        case "--port" -> cli.put(Setting.GATEWAY_PORT, value(args, ++i, arg));
        case "--debug" -> cli.put(Setting.DEBUG, "true");
        default -> {
          if (arg.startsWith("-") || cli.containsKey(Setting.STREAMLIT_APP)) {
            throw new ConfigException("unknown argument '" + arg + "' for run (try --help)");
          }
          cli.put(Setting.STREAMLIT_APP, arg);
        }
      }
    }
    return cli;
  }

  private static String value(String[] args, int index, String flag) {
    if (index >= args.length) {
      throw new ConfigException(flag + " needs a value");
    }
    return args[index];
  }

  private static void start(Settings settings, PrintStream err) {
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(settings.gatewayInstances())
      .setPreferNativeTransport(true); // epoll on Linux (docs/performance.md), else NIO
    if (io.fluxlit.metrics.FluxLitMetrics.recording(settings)) {
      // One registry for Vert.x's HTTP/pool/event-bus series, the JVM's and FluxLit's own.
      options.setMetricsOptions(io.fluxlit.metrics.FluxLitMetrics.vertxMetricsOptions(
        io.vertx.micrometer.MicrometerMetricsOptions.DEFAULT_REGISTRY_NAME));
    }
    Vertx vertx = Vertx.vertx(options);
    GracefulShutdown shutdown = GracefulShutdown.install(vertx, settings);
    vertx.deployVerticle(new FluxLitVerticle(), new DeploymentOptions().setConfig(settings.toJson()))
      .onFailure(e -> {
        if (shutdown.started()) {
          return; // a signal stopped start-up; the shutdown exits
        }
        String message = e instanceof ConfigException ? e.getMessage() : "start-up failed: " + e.getMessage();
        org.slf4j.LoggerFactory.getLogger("fluxlit").error(message);
        err.println("fluxlit: " + message);
        shutdown.exitAfterFailedStart(e instanceof ConfigException ? ConfigException.EXIT_CODE : 1);
      });
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
