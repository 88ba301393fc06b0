package io.fluxlit.metrics;

import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.fluxlit.metrics.MetricsCatalog.POOL_WORKERS;
import static io.fluxlit.metrics.MetricsCatalog.POOL_WORKER_SESSIONS;
import static io.fluxlit.metrics.MetricsCatalog.descriptor;
import static io.fluxlit.metrics.Meters.micrometerName;

/**
 * The pool's series: workers by state (one series per state, always there) and open sessions per
 * worker slot. The slot ({@code w1}, {@code u2}, {@code r1}) is the label, not the process: a
 * reload's replacement keeps its slot and remote slots are reused, so the label set stays as
 * small as the pool.
 */
final class PoolMeters {

  private final WorkerPool pool;
  private final MultiGauge sessions;

  PoolMeters(MeterRegistry registry, WorkerPool pool) {
    this.pool = pool;
    for (WorkerState state : WorkerState.values()) {
      Gauge.builder(micrometerName(POOL_WORKERS), pool, p -> p.count(state))
        .description(descriptor(POOL_WORKERS).help())
        .tag("state", state.label())
        .strongReference(true)
        .register(registry);
    }
    sessions = MultiGauge.builder(micrometerName(POOL_WORKER_SESSIONS))
      .description(descriptor(POOL_WORKER_SESSIONS).help())
      .register(registry);
    refresh();
  }

  /** Before each scrape: one row per slot, the sessions of its processes added up. */
  void refresh() {
    Map<String, Integer> bySlot = new TreeMap<>();
    for (Worker worker : pool.workers()) {
      bySlot.merge(worker.slot(), worker.sessions(), Integer::sum);
    }
    List<MultiGauge.Row<?>> rows = bySlot.entrySet().stream()
      .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("worker", e.getKey()), e.getValue()))
      .toList();
    sessions.register(rows, true);
  }
}
