package io.fluxlit.pool;

import io.fluxlit.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code worker} JVM's side of remote workers: once its Streamlit is up, it announces the
 * worker's address and affinity value on the clustered event bus
 * ({@link Addresses#POOL_WORKER_ANNOUNCE}), again whenever a gateway starts
 * ({@link Addresses#POOL_WORKER_SYNC}), and says goodbye when it stops
 * ({@link Addresses#POOL_WORKER_LEAVE}), so gateways re-pin its browsers at once rather than
 * after the cluster's member timeout. Every gateway gets the same affinity value, so a browser
 * pinned through one gateway stays on this worker through another.
 */
public final class WorkerAnnouncer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.pool");

  private final Worker worker;
  private final String node;

  /**
   * @param worker the worker this JVM runs (its address reachable from the gateways)
   * @param node this JVM's cluster node ID (how gateways notice that it left)
   */
  public WorkerAnnouncer(Worker worker, String node) {
    this.worker = worker;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().consumer(Addresses.POOL_WORKER_SYNC, m -> announce()).completion()
      .onSuccess(v -> {
        announce();
        LOG.info("worker {} announced to the cluster's gateways as {}", worker.name(), worker.upstream().baseUrl());
      });
  }

  private void announce() {
    vertx.eventBus().publish(Addresses.POOL_WORKER_ANNOUNCE, new JsonObject()
      .put("id", worker.id())
      .put("url", worker.upstream().baseUrl())
      .put("node", node));
  }

  @Override
  public Future<?> stop() {
    vertx.eventBus().publish(Addresses.POOL_WORKER_LEAVE, worker.id());
    return Future.succeededFuture();
  }
}
