package io.fluxlit.cli;

import io.fluxlit.config.Setting;
import io.fluxlit.sidecar.StreamlitCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code doctor}'s {@code python} and {@code streamlit} rows: the interpreter the sidecar would
 * use ({@link StreamlitCommand#python}, so both agree) runs, and {@code import streamlit} works in
 * it. Without a managed app they are only needed later, so a problem is a WARN rather than a FAIL.
 */
final class PythonCheck {

  /** A cold {@code import streamlit} can take several seconds on a slow disk. */
  private static final long TIMEOUT_S = 60;

  private final String python;
  private final boolean needed;

  /**
   * @param configured {@code FLUXLIT_STREAMLIT_PYTHON}, may be empty
   * @param workingDir where {@code .venv} is looked for
   * @param needed whether a managed app is configured
   */
  PythonCheck(String configured, Path workingDir, boolean needed) {
    this.python = StreamlitCommand.python(configured, workingDir);
    this.needed = needed;
  }

  List<DoctorCheck> check() {
    List<DoctorCheck> rows = new ArrayList<>();
    Outcome version = runPython("import sys; print('%d.%d.%d' % sys.version_info[:3])");
    if (!version.ok()) {
      rows.add(problem("python", python + " does not run (" + version.output() + "); set "
        + Setting.FLUXLIT_STREAMLIT_PYTHON.envName() + " or create .venv"));
      rows.add(problem("streamlit", "not checked: no Python"));
      return rows;
    }
    rows.add(DoctorCheck.pass("python", python + " (Python " + version.output() + ")"));
    Outcome streamlit = runPython("import streamlit; print(streamlit.__version__)");
    rows.add(streamlit.ok()
      ? DoctorCheck.pass("streamlit", "streamlit " + streamlit.output() + " imports in " + python)
      : problem("streamlit", "import streamlit fails in " + python + ": " + streamlit.output()
        + " (install it: " + python + " -m pip install streamlit)"));
    return rows;
  }

  private DoctorCheck problem(String name, String detail) {
    return needed ? DoctorCheck.fail(name, detail)
      : DoctorCheck.warn(name, detail + "; needed only for a managed app (APP.py or " + Setting.FLUXLIT_STREAMLIT_APP.envName() + ")");
  }

  /** Blocking (the CLI's main thread): runs the interpreter with output to a temporary file. */
  private Outcome runPython(String code) {
    Path output = null;
    try {
      output = Files.createTempFile("fluxlit-doctor", ".txt");
      Process process = new ProcessBuilder(python, "-c", code)
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Outcome(false, "no answer within " + TIMEOUT_S + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        return new Outcome(false, lastLine(text.isEmpty() ? "exit " + process.exitValue() : text));
      }
      return new Outcome(true, lastLine(text));
    } catch (IOException e) {
      return new Outcome(false, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, "interrupted");
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  /** A traceback's last line says what went wrong ({@code ModuleNotFoundError: ...}). */
  private static String lastLine(String text) {
    String[] lines = text.split("\\R");
    return lines[lines.length - 1].strip();
  }

  private record Outcome(boolean ok, String output) {
  }
}
