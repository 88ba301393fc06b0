package io.fluxlit.cli;

import io.fluxlit.api.ExtensionDeployment;
import io.fluxlit.config.ConfigException;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.logging.LogSetup;
import io.fluxlit.server.FluxLitServer;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -cp fluxlit.jar:ext.jar io.fluxlit.Main extension CLASS... [--conf FILE]}: a JVM that
 * runs only extension verticles (the classes given, else {@code FLUXLIT_EXTENSIONS}) on the
 * clustered event bus, with settings layered as for {@code run}. It has no HTTP port; every
 * gateway on the cluster serves its routes. On SIGTERM or SIGINT it undeploys them, which takes
 * their event-bus consumers along, and leaves the cluster: the routes answer 503 at once rather
 * than after the member timeout.
 */
public final class ExtensionCommand {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit");

  private ExtensionCommand() {
  }

  /**
   * @param args the arguments after {@code extension}
   * @param out standard output
   * @param err standard error, for the one line of a bad command line or setting
   * @return an exit status, or -1 when the extensions run (until a signal stops them)
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Settings settings;
    try {
      settings = resolve(args);
      checkClassPath(settings);
    } catch (ConfigException e) {
      err.println("fluxlit: " + e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    LogSetup.apply(settings);
    FluxLitServer.start(settings, new VertxOptions(),
      vertx -> ExtensionDeployment.deployAll(vertx, settings.api().extensions())
        .onSuccess(v -> LOG.info("extension host ready: {} on cluster '{}', serving through the cluster's gateways",
          String.join(", ", settings.api().extensions()), settings.cluster().name())),
      err);
    return -1;
  }

  /** {@code CLASS... [--conf FILE]}, layered like {@code run}: command line, environment, file. */
  private static Settings resolve(String[] args) {
    Map<Setting<?>, String> cli = new LinkedHashMap<>();
    cli.put(Setting.FLUXLIT_CLUSTER, "true");
    List<String> classes = new ArrayList<>();
    Path conf = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--conf") && i + 1 < args.length) {
        conf = Path.of(args[++i]);
      } else if (arg.startsWith("--conf=")) {
        conf = Path.of(arg.substring("--conf=".length()));
      } else if (arg.startsWith("-")) {
        throw new ConfigException("unknown argument '" + arg + "' for extension (try --help)");
      } else {
        classes.add(arg);
      }
    }
    if (!classes.isEmpty()) {
      cli.put(Setting.FLUXLIT_EXTENSIONS, String.join(",", classes));
    }
    return ResolvedSettings.resolve(System.getenv(), cli, conf, Path.of("")).settings();
  }

  /** A typo in a class name is a bad command line (exit 2), found before joining the cluster. */
  private static void checkClassPath(Settings settings) {
    if (settings.api().extensions().isEmpty()) {
      throw new ConfigException("extension needs at least one verticle class name (or "
        + Setting.FLUXLIT_EXTENSIONS.envName() + ")");
    }
    for (String name : settings.api().extensions()) {
      try {
        Class.forName(name, false, ExtensionCommand.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new ConfigException("extension class " + name + " is not on the class path (-cp fluxlit.jar:your.jar)");
      }
    }
  }
}
