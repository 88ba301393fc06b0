package io.fluxlit.cli;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.Settings;
import io.fluxlit.pool.PidFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code reload [--port PORT] [--conf FILE]}: asks the gateway running on that port (the same
 * settings as {@code run}: flag, {@code FLUXLIT_GATEWAY_PORT}, settings file) to replace its
 * Streamlit workers one at a time, by sending it SIGHUP. Finds it through its pid file
 * ({@link PidFile}). Returns at once: the gateway's log tells how the reload goes
 * (docs/scaling.md). Exit 0 when the signal was sent, 1 when no gateway was found, 2 for a bad
 * command line.
 */
public final class ReloadCommand {

  static final Set<CommandLine.Option> OPTIONS = EnumSet.of(CommandLine.Option.HOST, CommandLine.Option.PORT,
    CommandLine.Option.CONF);

  private ReloadCommand() {
  }

  /**
   * @param args the arguments after {@code reload}
   * @param out standard output
   * @param err standard error
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Settings settings;
    try {
      settings = CommandLine.parse("reload", args, OPTIONS).resolve(System.getenv(), Path.of("")).settings();
    } catch (ConfigException e) {
      err.println("fluxlit: " + e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    int port = settings.gateway().port();
    OptionalLong pid = PidFile.read(port);
    Optional<ProcessHandle> gateway = pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : Optional.empty();
    if (gateway.isEmpty() || !gateway.get().isAlive()) {
      err.println("fluxlit: no running gateway on port " + port + " (" + PidFile.path(port)
        + (pid.isPresent() ? " names pid " + pid.getAsLong() + ", which is gone)" : " is missing)"));
      return 1;
    }
    try {
      // The JDK can send SIGTERM and SIGKILL only; kill(1) sends SIGHUP.
      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid.getAsLong()))
        .redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        err.println("fluxlit: could not send SIGHUP to pid " + pid.getAsLong() + ": "
          + new String(kill.getInputStream().readAllBytes()).trim());
        return 1;
      }
    } catch (IOException e) {
      err.println("fluxlit: could not send SIGHUP to pid " + pid.getAsLong() + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    out.println("fluxlit: reload requested from the gateway on port " + port + " (pid " + pid.getAsLong()
      + "); its log shows each worker being replaced (lines starting 'reload:' and 'pool:')");
    return 0;
  }
}
