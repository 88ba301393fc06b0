package io.fluxlit.health;

import io.fluxlit.api.ApiEnvelope;
import io.fluxlit.bus.Addresses;
import io.fluxlit.config.Settings;
import io.fluxlit.gateway.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * Answers "is Streamlit ready?" over the event bus ({@link Addresses#HEALTH_READY}) with the
 * readiness body and status of docs/observability.md#readiness-and-liveness, using a vertx-health-check procedure that probes the
 * upstream. Concurrent questions share one probe in flight. Readiness changes are published on
 * {@link Addresses#HEALTH_STATE}.
 *
 * <p>Start-up story: register the {@code streamlit} procedure, then the consumer. Every question
 * is answered, also when the check itself fails (503 at once, not the asker's timeout).
 */
public final class HealthVerticle extends VerticleBase {

  private final Settings settings;
  private final Upstream upstream;
  private final Handler<Promise<Status>> procedure;
  private HealthChecks checks;
  private Future<JsonObject> inFlight;
  private Boolean lastReady;

  /**
   * @param settings the resolved settings
   * @param upstream where Streamlit listens, or {@code null} when there is none
   */
  public HealthVerticle(Settings settings, Upstream upstream) {
    this(settings, upstream, null);
  }

  /**
   * @param procedure the {@code streamlit} check to run instead of the upstream probe (how a test
   *     makes the check itself misbehave)
   */
  HealthVerticle(Settings settings, Upstream upstream, Handler<Promise<Status>> procedure) {
    this.settings = settings;
    this.upstream = upstream;
    this.procedure = procedure;
  }

  @Override
  public Future<?> start() {
    checks = HealthChecks.create(vertx);
    if (procedure != null) {
      checks.register("streamlit", procedure);
    } else if (upstream == null) {
      checks.register("streamlit", promise -> promise.complete(Status.OK(new JsonObject().put("streamlit", "not_configured"))));
    } else {
      UpstreamProbe probe = new UpstreamProbe(
        vertx.createHttpClient(new HttpClientOptions().setSsl(upstream.ssl()).setKeepAlive(false)),
        upstream, settings.gateway().rootPath(), settings.upstream().readinessProbeTimeoutMs());
      checks.register("streamlit", settings.upstream().readinessProbeTimeoutMs() + 1000, promise -> probe.probe()
        .onSuccess(detail -> promise.complete(detail == null
          ? Status.OK(new JsonObject().put("streamlit", "ok"))
          : Status.KO(new JsonObject().put("detail", detail))))
        .onFailure(promise::fail));
    }
    return vertx.eventBus().<Void>localConsumer(Addresses.HEALTH_READY, this::answer).completion();
  }

  /** Every question gets an answer: a probe that fails outright is a 503 too. */
  private void answer(Message<Void> message) {
    readiness()
      .otherwise(err -> notReady(err.toString()))
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
    if (ready) {
      return ApiEnvelope.jsonReply(200, new JsonObject()
        .put("status", "ready")
        .put("streamlit", data.getString("streamlit", "ok")));
    }
    String detail = data.getString("detail");
    return notReady(detail != null ? detail : data.getString("cause", "probe failed"));
  }

  private static JsonObject notReady(String detail) {
    return ApiEnvelope.jsonReply(503, new JsonObject().put("status", "not_ready").put("detail", detail));
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
