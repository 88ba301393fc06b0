package io.fluxlit.metrics;

import io.fluxlit.bus.Addresses;
import io.fluxlit.config.Settings;
import io.fluxlit.pool.WorkerPool;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Prometheus scrape. Deployed once, before the gateway, when metrics are recorded.
 *
 * <p>Start-up story: find (or make) this Vert.x's registry and FluxLit's meters; answer
 * {@link Addresses#METRICS_SCRAPE} (the public port's scrape path asks there); follow readiness
 * changes on {@link Addresses#HEALTH_STATE} into {@code fluxlit_upstream_ready}; and with
 * {@code FLUXLIT_METRICS_PORT} > 0 listen on that port of the gateway host, in which case the
 * public port does not serve the scrape.
 */
public final class MetricsVerticle extends VerticleBase {

  /** The Prometheus text exposition format the scrape is written in. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.metrics");

  private final Settings settings;
  private final WorkerPool pool;
  private final Meters meters;
  private PoolMeters poolMeters;

  /**
   * @param settings the resolved settings
   * @param pool the Streamlit workers, for the pool series
   * @param meters FluxLit's meters, which the gateway instances record into (closed on undeploy)
   */
  public MetricsVerticle(Settings settings, WorkerPool pool, Meters meters) {
    this.settings = settings;
    this.pool = pool;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    poolMeters = new PoolMeters(meters.registry(), pool);
    Future<Void> scrape = vertx.eventBus().<Void>localConsumer(Addresses.METRICS_SCRAPE, this::answer).completion();
    Future<Void> health = vertx.eventBus().<JsonObject>localConsumer(Addresses.HEALTH_STATE,
      change -> meters.upstreamReady(change.body().getBoolean("ready", false))).completion();
    return Future.all(scrape, health).compose(v -> settings.observability().metricsPort() > 0 ? listen(settings) : Future.succeededFuture());
  }

  @Override
  public Future<?> stop() {
    meters.close();
    return Future.succeededFuture();
  }

  private void answer(Message<Void> message) {
    try {
      poolMeters.refresh();
      message.reply(meters.registry().scrape(), new DeliveryOptions().addHeader("content-type", CONTENT_TYPE));
    } catch (RuntimeException e) {
      // Answer at once (the gateway says 503) rather than leave it waiting for the send timeout.
      LOG.warn("Prometheus scrape failed: {}", e.toString());
      message.fail(500, "scrape failed");
    }
  }

  private Future<HttpServer> listen(Settings settings) {
    String path = settings.observability().metricsPath();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(settings.gateway().host())
        .setPort(settings.observability().metricsPort()))
      .requestHandler(request -> serve(request, path));
    return server.listen().onSuccess(s -> LOG.info("Prometheus metrics on http://{}:{}{}",
      settings.gateway().host(), s.actualPort(), path));
  }

  /** Only {@code GET <path>}: the metrics port serves nothing else. */
  private void serve(HttpServerRequest request, String path) {
    if (!request.path().equals(path)) {
      request.response().setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8").end("Not Found");
    } else if (request.method() != HttpMethod.GET) {
      request.response().setStatusCode(405).putHeader("allow", "GET")
        .putHeader("content-type", "text/plain; charset=utf-8").end("Method Not Allowed");
    } else {
      poolMeters.refresh();
      request.response().putHeader("content-type", CONTENT_TYPE).end(meters.registry().scrape());
    }
  }
}
