package io.fluxlit.health;

import io.fluxlit.api.ApiEnvelope;
import io.fluxlit.bus.Addresses;
import io.fluxlit.config.Settings;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerState;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "is Streamlit ready?" over the event bus ({@link Addresses#HEALTH_READY}) with the
 * readiness body and status of docs/observability.md#readiness-and-liveness, using a vertx-health-check procedure that probes the
 * upstream. Concurrent questions share one probe in flight. Readiness changes are published on
 * {@link Addresses#HEALTH_STATE}.
 *
 * <p>With a pool (docs/scaling.md) every worker is probed; readiness is 200 while at least
 * {@code FLUXLIT_STREAMLIT_MIN_READY_WORKERS} are up, and the body lists each worker's state. A
 * single worker answers exactly the Python FluxLit's body. Workers this gateway does not supervise
 * (external, remote) take their state from these probes, which also run every
 * {@value #PROBE_INTERVAL_MS} ms so that requests stop going to one that died.
 *
 * <p>Start-up story: register the {@code streamlit} procedure, start the periodic probe of
 * unsupervised workers, then the consumer. Every question is answered, also when the check
 * itself fails (503 at once, not the asker's timeout).
 */
public final class HealthVerticle extends VerticleBase {

  /** How often workers the gateway does not supervise are probed between readiness questions. */
  static final long PROBE_INTERVAL_MS = 2_000;

  private final Settings settings;
  private final WorkerPool pool;
  private final Handler<Promise<Status>> procedure;
  private final Map<Worker, UpstreamProbe> probes = new ConcurrentHashMap<>();
  private HttpClient probeClient;
  private HealthChecks checks;
  private Future<JsonObject> inFlight;
  private Boolean lastReady;

  /**
   * @param settings the resolved settings
   * @param pool the Streamlit workers (empty when there is no upstream)
   */
  public HealthVerticle(Settings settings, WorkerPool pool) {
    this(settings, pool, null);
  }

  /**
   * @param procedure the {@code streamlit} check to run instead of the worker probes (how a test
   *     makes the check itself misbehave)
   */
  HealthVerticle(Settings settings, WorkerPool pool, Handler<Promise<Status>> procedure) {
    this.settings = settings;
    this.pool = pool;
    this.procedure = procedure;
  }

  @Override
  public Future<?> start() {
    checks = HealthChecks.create(vertx);
    probeClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    if (procedure != null) {
      checks.register("streamlit", procedure);
    } else if (!pool.configured()) {
      checks.register("streamlit", promise -> promise.complete(Status.OK(new JsonObject().put("streamlit", "not_configured"))));
    } else {
      checks.register("streamlit", settings.upstream().readinessProbeTimeoutMs() + 1000, promise -> probeAll()
        .onSuccess(promise::complete)
        .onFailure(promise::fail));
      if (pool.several()) {
        vertx.setPeriodic(PROBE_INTERVAL_MS, id -> probeUnsupervised());
      }
    }
    return vertx.eventBus().<Void>localConsumer(Addresses.HEALTH_READY, this::answer).completion();
  }

  private UpstreamProbe probe(Worker worker) {
    return probes.computeIfAbsent(worker, w -> new UpstreamProbe(probeClient, w.upstream(),
      settings.gateway().rootPath(), settings.upstream().readinessProbeTimeoutMs()));
  }

  /** Probes every worker; unsupervised ones take their state from the result. */
  private Future<Status> probeAll() {
    List<Worker> workers = pool.workers();
    probes.keySet().retainAll(workers);
    List<Future<String>> results = new ArrayList<>();
    for (Worker worker : workers) {
      results.add(probe(worker).probe().otherwise(err -> String.valueOf(err.getMessage()))
        .andThen(ar -> follow(worker, ar.result())));
    }
    return Future.join(results).transform(ar -> {
      int ready = 0;
      StringBuilder failures = new StringBuilder();
      for (int i = 0; i < workers.size(); i++) {
        String detail = results.get(i).result();
        Worker worker = workers.get(i);
        if (detail == null && worker.state() == WorkerState.UP) {
          ready++;
        } else if (workers.size() == 1) {
          failures.append(detail != null ? detail : worker.name() + " is " + worker.state().label());
        } else {
          failures.append(failures.length() == 0 ? "" : "; ").append(worker.name()).append(": ")
            .append(detail != null ? detail : worker.state().label());
        }
      }
      JsonObject data = new JsonObject();
      if (pool.several()) {
        data.put("ready_workers", ready).put("min_ready_workers", pool.minReady()).put("workers", pool.toJson());
      }
      if (workers.isEmpty()) {
        // A clustered gateway without a Streamlit of its own is ready as before pools, until a
        // remote worker joins; one whose own workers are not there yet is not.
        boolean remoteOnly = settings.sidecar().app().isEmpty() && settings.upstream().urls().isEmpty();
        return Future.succeededFuture(remoteOnly ? Status.OK(data.put("streamlit", "not_configured"))
          : Status.KO(data.put("detail", "no Streamlit worker is in the pool")));
      }
      if (ready >= pool.minReady()) {
        return Future.succeededFuture(Status.OK(data.put("streamlit", "ok")));
      }
      String detail = workers.size() == 1 ? failures.toString()
        : ready + " of " + workers.size() + " workers up, " + pool.minReady() + " needed: " + failures;
      return Future.succeededFuture(Status.KO(data.put("detail", detail)));
    });
  }

  /** Between questions, external and remote workers are probed so routing avoids dead ones. */
  private void probeUnsupervised() {
    for (Worker worker : pool.workers()) {
      if (worker.kind() != Worker.Kind.MANAGED) {
        probe(worker).probe().otherwise(err -> String.valueOf(err.getMessage())).onSuccess(detail -> follow(worker, detail));
      }
    }
  }

  /** A probe's verdict is the state of a worker nothing else supervises. */
  private void follow(Worker worker, String detail) {
    if (worker.kind() == Worker.Kind.MANAGED || worker.state() == WorkerState.DRAINING) {
      return;
    }
    if (detail == null) {
      pool.state(worker, WorkerState.UP, "");
    } else {
      pool.state(worker, WorkerState.DOWN, "readiness probe failed: " + detail);
    }
  }

  /** Every question gets an answer: a probe that fails outright is a 503 too. */
  private void answer(Message<Void> message) {
    readiness()
      .otherwise(err -> ApiEnvelope.jsonReply(503, new JsonObject().put("status", "not_ready").put("detail", err.toString())))
      .onSuccess(message::reply);
  }

  /** One probe for every question asked while it runs. */
  private Future<JsonObject> readiness() {
    if (inFlight == null || inFlight.isComplete()) {
      inFlight = checks.checkStatus("streamlit").map(this::toReply).andThen(ar -> inFlight = null);
    }
    return inFlight;
  }

  private JsonObject toReply(CheckResult result) {
    boolean ready = CheckResult.isUp(result);
    JsonObject data = result.getData() == null ? new JsonObject() : result.getData();
    publishChange(ready, data);
    JsonObject body;
    if (ready) {
      body = new JsonObject().put("status", "ready").put("streamlit", data.getString("streamlit", "ok"));
    } else {
      String detail = data.getString("detail");
      if (detail == null) {
        detail = data.getString("cause", "probe failed");
      }
      body = new JsonObject().put("status", "not_ready").put("detail", detail);
    }
    // A pool adds its workers after the Python FluxLit's fields, which stay as they were.
    for (String key : List.of("ready_workers", "min_ready_workers", "workers")) {
      if (data.containsKey(key)) {
        body.put(key, data.getValue(key));
      }
    }
    return ApiEnvelope.jsonReply(ready ? 200 : 503, body);
  }

  private void publishChange(boolean ready, JsonObject data) {
    if (lastReady == null || lastReady != ready) {
      lastReady = ready;
      // From the verticle's own context: a change is news of the upstream, not of the request that saw it.
      context.runOnContext(v -> vertx.eventBus().publish(Addresses.HEALTH_STATE,
        new JsonObject().put("ready", ready).put("data", data), new DeliveryOptions().setLocalOnly(true)));
    }
  }
}
