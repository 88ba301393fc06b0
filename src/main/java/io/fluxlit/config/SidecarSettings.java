package io.fluxlit.config;

import java.util.List;

/**
 * The managed Streamlit process and its supervision.
 *
 * @param app the Streamlit script, or the empty string for none
 * @param python the interpreter, or the empty string for the default
 * @param runArgs extra {@code streamlit run} arguments
 * @param startupTimeoutMs how long to wait for {@code /_stcore/health}
 * @param restartMax restarts in a row before supervision gives up
 * @param backoffInitialMs the wait before the first restart
 * @param backoffMaxMs the longest wait between two restarts (never below the initial wait)
 * @param xsrfProtection whether Streamlit keeps its XSRF protection on
 */
public record SidecarSettings(String app, String python, List<String> runArgs, long startupTimeoutMs,
                              int restartMax, long backoffInitialMs, long backoffMaxMs, boolean xsrfProtection) {

  static SidecarSettings from(SettingValues values) {
    long initial = values.get(Setting.FLUXLIT_SIDECAR_BACKOFF_INITIAL_S);
    long max = values.get(Setting.FLUXLIT_SIDECAR_BACKOFF_MAX_S);
    if (max < initial) {
      throw new ConfigException(Setting.FLUXLIT_SIDECAR_BACKOFF_MAX_S, values.raw().get(Setting.FLUXLIT_SIDECAR_BACKOFF_MAX_S),
        "seconds >= " + Setting.FLUXLIT_SIDECAR_BACKOFF_INITIAL_S.envName() + " ("
          + values.raw().get(Setting.FLUXLIT_SIDECAR_BACKOFF_INITIAL_S).trim() + ")");
    }
    return new SidecarSettings(values.get(Setting.FLUXLIT_STREAMLIT_APP), values.get(Setting.FLUXLIT_STREAMLIT_PYTHON),
      values.get(Setting.FLUXLIT_STREAMLIT_RUN_CLI_ARGS), values.get(Setting.FLUXLIT_STREAMLIT_STARTUP_TIMEOUT_S),
      values.get(Setting.FLUXLIT_SIDECAR_RESTART_MAX), initial, max, values.get(Setting.FLUXLIT_STREAMLIT_XSRF_PROTECTION));
  }
}
