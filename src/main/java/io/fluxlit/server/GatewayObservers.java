package io.fluxlit.server;

import io.fluxlit.config.Settings;
import io.fluxlit.exchange.ExchangeObserver;
import io.fluxlit.logging.AccessLog;
import io.fluxlit.metrics.Meters;
import io.fluxlit.metrics.MetricsObserver;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerSessions;
import io.fluxlit.tracing.TraceHook;
import io.fluxlit.tracing.TraceHooks;
import io.fluxlit.tracing.TracingObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the gateway's observers are assembled: the access log always (it is DEBUG when not
 * enabled, and skipped cheaply then), metrics when they are recorded, tracing when a hook is
 * installed. The gateway gets them injected and looks nothing up per request.
 */
final class GatewayObservers {

  private GatewayObservers() {
  }

  /**
   * @param settings the resolved settings
   * @param pool the Streamlit workers, whose open sessions are counted
   * @param meters the process's meters, or {@code null} when metrics are not recorded
   * @return the observers of one gateway instance, built on its start
   */
  static Supplier<List<ExchangeObserver>> of(Settings settings, WorkerPool pool, Meters meters) {
    // The hook is chosen once, when the gateway is assembled: a hook installed later is not used.
    TraceHook hook = TraceHooks.active();
    List<String> redacted = settings.observability().redactedQueryKeys();
    return () -> {
      List<ExchangeObserver> observers = new ArrayList<>();
      observers.add(new AccessLog(settings.observability().accessLogAtInfo(), redacted));
      MetricsObserver.create(meters).ifPresent(observers::add);
      TracingObserver.create(hook, redacted).ifPresent(observers::add);
      observers.add(new WorkerSessions());
      return observers;
    };
  }
}
