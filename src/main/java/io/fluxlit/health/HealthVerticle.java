package io.fluxlit.health;

import io.fluxlit.Addresses;
import io.fluxlit.api.ApiEnvelope;
import io.fluxlit.config.Settings;
import io.fluxlit.gateway.Upstream;
import io.fluxlit.logging.RequestId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * Answers "is Streamlit ready?" over the event bus ({@link Addresses#HEALTH_READY}) with the
 * reference's readiness body and status, using a vertx-health-check procedure that probes the
 * upstream. Concurrent questions share one probe in flight. Readiness changes are published on
 * {@link Addresses#HEALTH_STATE}.
 *
 * <p>Start-up story: register the {@code streamlit} procedure,
 * then the consumer.
 */
public final class HealthVerticle extends VerticleBase {

  private final Settings settings;
  private final Upstream upstream;
  private HealthChecks checks;
  private Future<JsonObject> inFlight;
  private Boolean lastReady;

  /**
   * @param settings the resolved settings
   * @param upstream where Streamlit listens, or {@code null} when there is none
   */
  public HealthVerticle(Settings settings, Upstream upstream) {
    this.settings = settings;
    this.upstream = upstream;
  }

  @Override
  public Future<?> start() {
    checks = HealthChecks.create(vertx);
    if (upstream == null) {
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

  private void answer(Message<Void> message) {
    RequestId.bindCurrent(message.headers().get(RequestId.HEADER));
    readiness().onSuccess(message::reply);
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
    if (detail == null) {
      detail = data.getString("cause", "probe failed");
    }
    return ApiEnvelope.jsonReply(503, new JsonObject().put("status", "not_ready").put("detail", detail));
  }

  private void publishChange(boolean ready, JsonObject data) {
    if (lastReady == null || lastReady != ready) {
      lastReady = ready;
      vertx.eventBus().publish(Addresses.HEALTH_STATE, new JsonObject().put("ready", ready).put("data", data),
        new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
    }
  }
}
