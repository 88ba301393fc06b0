package io.fluxlit.config;

import java.util.List;

/**
 * The pool of Streamlit workers behind the one port (docs/scaling.md).
 *
 * @param workers managed Streamlit processes to run ({@code auto} already resolved to the cores)
 * @param minReadyWorkers workers that must be up for readiness to answer 200
 * @param drainTimeoutMs how long a worker replaced by a rolling reload keeps its open sessions
 * @param workerPort the port of the {@code worker} command's Streamlit, 0 for a free one
 */
public record PoolSettings(int workers, int minReadyWorkers, long drainTimeoutMs, int workerPort) {

  static PoolSettings from(SettingValues values) {
    int workers = values.get(Setting.FLUXLIT_STREAMLIT_WORKERS);
    int minReady = values.get(Setting.FLUXLIT_STREAMLIT_MIN_READY_WORKERS);
    // Remote workers may join a clustered gateway later, so only a fixed pool is checked.
    boolean clustered = values.get(Setting.FLUXLIT_CLUSTER);
    String app = values.get(Setting.FLUXLIT_STREAMLIT_APP);
    List<String> urls = values.get(Setting.FLUXLIT_STREAMLIT_UPSTREAM);
    int size = !app.isEmpty() ? workers : urls.size();
    if (!clustered && size > 0 && minReady > size) {
      throw new ConfigException(Setting.FLUXLIT_STREAMLIT_MIN_READY_WORKERS,
        values.raw().get(Setting.FLUXLIT_STREAMLIT_MIN_READY_WORKERS),
        "a whole number from 1 to the pool's size (" + size + (app.isEmpty()
          ? " upstream URLs in " + Setting.FLUXLIT_STREAMLIT_UPSTREAM.envName()
          : " workers, " + Setting.FLUXLIT_STREAMLIT_WORKERS.envName()) + ")");
    }
    return new PoolSettings(workers, minReady, values.get(Setting.FLUXLIT_STREAMLIT_DRAIN_TIMEOUT_S),
      values.get(Setting.FLUXLIT_STREAMLIT_PORT));
  }
}
