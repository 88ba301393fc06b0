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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Command line: {@code java -jar fluxlit.jar run [APP.py] [--host H] [--port P]}.
 *
 * <p>Exit status: 1 when start-up fails, 2 for a bad command line or
 * configuration value (one line on stderr naming it); a SIGTERM stop exits as the JVM does (143).
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
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.gatewayInstances()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // SIGTERM/SIGINT: undeploy everything (stops the Streamlit child) before the JVM exits.
      vertx.close().onComplete(ar -> stopped.countDown());
      try {
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fluxlit-shutdown"));
    vertx.deployVerticle(new FluxLitVerticle(), new DeploymentOptions().setConfig(settings.toJson()))
      .onFailure(e -> {
        String message = e instanceof ConfigException ? e.getMessage() : "start-up failed: " + e.getMessage();
        org.slf4j.LoggerFactory.getLogger("fluxlit").error(message);
        err.println("fluxlit: " + message);
        vertx.close().onComplete(ar -> System.exit(e instanceof ConfigException ? ConfigException.EXIT_CODE : 1));
      });
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
