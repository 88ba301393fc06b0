package io.fluxlit.metrics;

import io.fluxlit.api.auth.Refusal;
import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.UpstreamFailure;
import io.fluxlit.gateway.signin.SignInGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.fluxlit.metrics.MetricsCatalog.*;

/**
 * FluxLit's meters for one {@code Vertx}: created once by the main verticle and handed to the
 * metrics verticle and to every gateway instance's {@link MetricsObserver} (Micrometer meters are
 * thread-safe). Names, help texts and buckets come from {@link MetricsCatalog}, so the registry
 * cannot drift from the contract.
 */
public final class Meters {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.metrics");

  private final PrometheusMeterRegistry registry;
  private final PrometheusRegistry.Standalone standalone;
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> responses = new ConcurrentHashMap<>();
  private final Map<String, Counter> closes = new ConcurrentHashMap<>();
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
  private final Counter signIns;
  private final Map<Dispatch, Timer> durations = new ConcurrentHashMap<>();
  private final Map<UpstreamFailure, Counter> upstreamErrors = new EnumMap<>(UpstreamFailure.class);
  private final AtomicLong activeSessions = new AtomicLong();
  private final Timer sessionDuration;
  private final AtomicInteger upstreamReady = new AtomicInteger();
  private volatile boolean upstreamReadyRegistered;

  private Meters(PrometheusMeterRegistry registry, PrometheusRegistry.Standalone standalone) {
    this.registry = registry;
    this.standalone = standalone;
    // Fixed, tiny label sets exist from the start, so rate() and alerts see zeros, not gaps.
    for (UpstreamFailure failure : UpstreamFailure.values()) {
      upstreamErrors.put(failure, Counter.builder(micrometerName(UPSTREAM_ERRORS_TOTAL))
        .description(descriptor(UPSTREAM_ERRORS_TOTAL).help())
        .tag("kind", failure.kind())
        .register(registry));
    }
    for (Refusal refusal : Refusal.values()) {
      refusal(refusal.reason(), 0);
    }
    Gauge.builder(micrometerName(WEBSOCKET_SESSIONS_ACTIVE), activeSessions, AtomicLong::get)
      .description(descriptor(WEBSOCKET_SESSIONS_ACTIVE).help())
      .strongReference(true)
      .register(registry);
    signIns = Counter.builder(micrometerName(AUTH_SIGN_INS_TOTAL))
      .description(descriptor(AUTH_SIGN_INS_TOTAL).help())
      .register(registry);
    for (String reason : SignInGate.REFUSAL_REASONS) {
      refusal(reason, 0);
    }
    sessionDuration = timer(WEBSOCKET_SESSION_DURATION_SECONDS, WEBSOCKET_SESSION_DURATION_BUCKETS).register(registry);
  }

  /**
   * @param vertx a Vert.x instance
   * @return meters over its own Prometheus registry (or, when it was built without Micrometer
   *     metrics, over a registry of FluxLit's own)
   */
  public static Meters create(Vertx vertx) {
    PrometheusMeterRegistry own = PrometheusRegistry.ofVertx(vertx);
    if (own != null) {
      return new Meters(own, null);
    }
    LOG.warn("Vert.x was built without Micrometer Prometheus metrics: the scrape has FluxLit's and the JVM's"
      + " series but no Vert.x HTTP/pool series (see docs/metrics.md, launcher -options)");
    PrometheusRegistry.Standalone standalone = PrometheusRegistry.Standalone.create();
    return new Meters(standalone.registry(), standalone);
  }

  /**
   * Removes these meters (on undeploy), so a later deployment starts from fresh ones; a registry
   * FluxLit made itself is closed, Vert.x's own only loses FluxLit's meters.
   */
  void close() {
    if (standalone != null) {
      standalone.close();
    } else {
      List<Meter> ours = registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("fluxlit.")).toList();
      ours.forEach(registry::remove);
    }
  }

  /** @return the registry scraped */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  void request(Dispatch dispatch, String methodKind) {
    requests.computeIfAbsent(dispatch.label() + " " + methodKind, k -> Counter.builder(micrometerName(REQUESTS_TOTAL))
      .description(descriptor(REQUESTS_TOTAL).help())
      .tag("dispatch", dispatch.label())
      .tag("method_kind", methodKind)
      .register(registry)).increment();
  }

  void duration(Dispatch dispatch, long nanos) {
    durations.computeIfAbsent(dispatch, d -> timer(REQUEST_DURATION_SECONDS, REQUEST_DURATION_BUCKETS)
      .tag("dispatch", d.label())
      .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** @param status the status answered; anything outside 100–599 (0: none) is not counted */
  void response(Dispatch dispatch, int status) {
    if (status < 100 || status > 599) {
      return;
    }
    String statusClass = status / 100 + "xx";
    responses.computeIfAbsent(dispatch.label() + " " + statusClass, k -> Counter.builder(micrometerName(RESPONSES_TOTAL))
      .description(descriptor(RESPONSES_TOTAL).help())
      .tag("dispatch", dispatch.label())
      .tag("status_class", statusClass)
      .register(registry)).increment();
  }

  /**
   * @param reason a refusal reason (bounded: the sign-in code's own words, never user input)
   * @param count how many to add (0 registers the series)
   */
  void refusal(String reason, int count) {
    refusals.computeIfAbsent(reason, r -> Counter.builder(micrometerName(AUTH_REFUSALS_TOTAL))
      .description(descriptor(AUTH_REFUSALS_TOTAL).help())
      .tag("reason", r)
      .register(registry)).increment(count);
  }

  void upstreamError(UpstreamFailure failure) {
    upstreamErrors.get(failure).increment();
  }

  void sessionOpened() {
    activeSessions.incrementAndGet();
  }

  void sessionClosed(long nanos, String closeCode) {
    activeSessions.decrementAndGet();
    sessionDuration.record(nanos, TimeUnit.NANOSECONDS);
    closes.computeIfAbsent(closeCode, code -> Counter.builder(micrometerName(WEBSOCKET_CLOSES_TOTAL))
      .description(descriptor(WEBSOCKET_CLOSES_TOTAL).help())
      .tag("code", code)
      .register(registry)).increment();
  }

  /** One sign-in completed by the gate. */
  void signIn() {
    signIns.increment();
  }

  /** @param ready the readiness the health verticle last published */
  synchronized void upstreamReady(boolean ready) {
    upstreamReady.set(ready ? 1 : 0);
    if (!upstreamReadyRegistered) {
      // Registered on the first readiness answer: before it, "unknown" is no series rather than 0.
      upstreamReadyRegistered = true;
      Gauge.builder(micrometerName(UPSTREAM_READY), upstreamReady, AtomicInteger::get)
        .description(descriptor(UPSTREAM_READY).help())
        .strongReference(true)
        .register(registry);
    }
  }

  private static Timer.Builder timer(String name, List<Double> bucketsSeconds) {
    Duration[] slos = bucketsSeconds.stream()
      .map(s -> Duration.ofNanos(Math.round(s * 1_000_000_000d)))
      .toArray(Duration[]::new);
    // Exactly these buckets: SLO boundaries, no percentile histogram (Micrometer's 70-odd buckets).
    return Timer.builder(micrometerName(name))
      .description(descriptor(name).help())
      .publishPercentileHistogram(false)
      .serviceLevelObjectives(slos);
  }

  /**
   * Micrometer's name for a catalog name: its Prometheus naming convention turns dots into
   * underscores and adds {@code _total} to counters and {@code _seconds} to timers.
   */
  static String micrometerName(String prometheusName) {
    String base = prometheusName;
    for (String suffix : new String[] {"_total", "_seconds"}) {
      if (base.endsWith(suffix)) {
        base = base.substring(0, base.length() - suffix.length());
      }
    }
    return base.replace('_', '.');
  }
}
