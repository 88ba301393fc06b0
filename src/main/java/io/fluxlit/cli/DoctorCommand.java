package io.fluxlit.cli;

import io.fluxlit.config.ConfigException;
import io.fluxlit.config.ResolvedSettings;
import io.fluxlit.config.Setting;
import io.fluxlit.config.SettingSource;
import io.fluxlit.config.Settings;
import io.fluxlit.config.UnknownVariables;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code doctor [--json] [--warnings-only] [APP.py] [OPTIONS]}: checks what {@code run} with the
 * same arguments needs, one PASS/WARN/FAIL row each (docs/configuration.md): Java, the settings, Python and
 * Streamlit, the script, the ports, the external upstream, paths and trust.
 *
 * <p>Exit status: 0 without a FAIL (or with {@code --warnings-only}), 1 with one, 2 for a bad
 * command line or setting; then the report has only the {@code java} and failed {@code config}
 * rows, and stderr the usual one line.
 */
public final class DoctorCommand {

  /** The oldest Java FluxLit runs on (the pom's release level). */
  static final int MIN_JAVA = 17;

  private static final Set<CommandLine.Option> OPTIONS = EnumSet.of(CommandLine.Option.APP,
    CommandLine.Option.HOST, CommandLine.Option.PORT, CommandLine.Option.WORKERS, CommandLine.Option.DEBUG, CommandLine.Option.CONF,
    CommandLine.Option.JSON, CommandLine.Option.WARNINGS_ONLY);

  private DoctorCommand() {
  }

  /**
   * @param args the arguments after {@code doctor}
   * @param out standard output: the report
   * @param err standard error: the one-line error for exit status 2
   * @return 0, 1 when a check failed, 2 for a bad command line or setting
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), Path.of(""), out, err);
  }

  /** The same with a given environment and working directory, for tests. */
  static int run(String[] args, Map<String, String> env, Path workingDir, PrintStream out, PrintStream err) {
    CommandLine line;
    try {
      line = CommandLine.parse("doctor", args, OPTIONS);
    } catch (ConfigException e) {
      err.println("fluxlit: " + e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    List<DoctorCheck> rows = new ArrayList<>();
    rows.add(java());
    ResolvedSettings resolved;
    try {
      resolved = line.resolve(env, workingDir);
    } catch (ConfigException e) {
      rows.add(DoctorCheck.fail("config", e.getMessage()));
      print(new DoctorReport(rows, line.overrides().get(Setting.FLUXLIT_STREAMLIT_APP), line.warningsOnly()), line, out);
      err.println("fluxlit: " + e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    Settings settings = resolved.settings();
    String app = settings.sidecar().app();
    rows.add(config(resolved, env));
    rows.addAll(new PythonCheck(settings.sidecar().python(), workingDir, !app.isEmpty()).check());
    if (!app.isEmpty()) {
      rows.add(Files.isRegularFile(workingDir.resolve(app))
        ? DoctorCheck.pass("app", app + " exists")
        : DoctorCheck.fail("app", app + " is not a file (" + Setting.FLUXLIT_STREAMLIT_APP.envName() + " or APP.py)"));
    }
    rows.add(PortCheck.check("gateway_port", settings.gateway().host(), settings.gateway().port(),
      Setting.FLUXLIT_GATEWAY_PORT.envName()));
    if (settings.observability().metricsEnabled() && settings.observability().metricsPort() != 0) {
      rows.add(PortCheck.check("metrics_port", settings.gateway().host(), settings.observability().metricsPort(),
        Setting.FLUXLIT_METRICS_PORT.envName()));
    }
    if (app.isEmpty()) {
      rows.add(UpstreamCheck.check(settings));
    }
    rows.addAll(PathCheck.check(settings));
    DoctorReport report = new DoctorReport(rows, app.isEmpty() ? null : app, line.warningsOnly());
    print(report, line, out);
    return report.exitCode();
  }

  private static void print(DoctorReport report, CommandLine line, PrintStream out) {
    out.print(line.json() ? report.toJson().encodePrettily() + "\n" : report.toText());
  }

  private static DoctorCheck java() {
    Runtime.Version version = Runtime.version();
    String detail = "Java " + version + " (" + System.getProperty("java.home") + ")";
    return version.feature() >= MIN_JAVA
      ? DoctorCheck.pass("java", detail)
      : DoctorCheck.fail("java", detail + ": Java " + MIN_JAVA + " or newer is needed");
  }

  private static DoctorCheck config(ResolvedSettings resolved, Map<String, String> env) {
    long cli = count(resolved, SettingSource.Layer.CLI);
    long fromEnv = count(resolved, SettingSource.Layer.ENV);
    long file = count(resolved, SettingSource.Layer.FILE);
    String detail = "valid: " + cli + " from the command line, " + fromEnv + " from FLUXLIT_* variables, "
      + resolved.confFile().map(f -> file + " from " + f + ", the rest defaults")
        .orElse("the rest defaults (no settings file)");
    List<String> unknown = UnknownVariables.warnings(env);
    return unknown.isEmpty()
      ? DoctorCheck.pass("config", detail)
      : DoctorCheck.warn("config", detail + "; " + String.join("; ", unknown));
  }

  private static long count(ResolvedSettings resolved, SettingSource.Layer layer) {
    return resolved.sources().values().stream().filter(s -> s.layer() == layer).count();
  }
}
