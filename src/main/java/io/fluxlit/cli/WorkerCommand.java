package io.fluxlit.cli;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Setting;
import io.fluxlit.config.Settings;
import io.fluxlit.logging.LogSetup;
import io.fluxlit.server.FluxLitServer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code worker APP.py [--conf FILE]}: a JVM that runs one managed Streamlit for the cluster's
 * gateways (docs/scaling.md#workers-on-other-hosts). It joins the clustered event bus (as if
 * {@code FLUXLIT_CLUSTER=1}), binds Streamlit to {@code FLUXLIT_CLUSTER_HOST} and announces it;
 * every gateway of the cluster adds it to its pool, and removes it when this JVM stops or leaves.
 */
public final class WorkerCommand {

  static final Set<CommandLine.Option> OPTIONS = EnumSet.of(CommandLine.Option.APP, CommandLine.Option.CONF,
    CommandLine.Option.DEBUG);

  private WorkerCommand() {
  }

  /**
   * @param args the arguments after {@code worker}
   * @param out standard output
   * @param err standard error
   * @return 2 for a bad command line or setting, else -1 (the worker runs)
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Settings settings;
    try {
      settings = CommandLine.parse("worker", args, OPTIONS).with(Setting.FLUXLIT_CLUSTER, "true")
        .resolve(System.getenv(), Path.of("")).settings();
      if (settings.sidecar().app().isEmpty()) {
        throw new ConfigException("worker needs the Streamlit script to run (worker APP.py, or "
          + Setting.FLUXLIT_STREAMLIT_APP.envName() + ")");
      }
    } catch (ConfigException e) {
      err.println("fluxlit: " + e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    LogSetup.apply(settings);
    FluxLitServer.startWorker(settings, err);
    return -1;
  }
}
