package io.fluxlit.pool;

import io.fluxlit.bus.Addresses;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * A clustered gateway's side of remote workers: a {@code worker} JVM announces its Streamlit on
 * {@link Addresses#POOL_WORKER_ANNOUNCE} ({@link WorkerAnnouncer}) and the worker joins this
 * gateway's pool in the next free slot ({@code r1}, {@code r2}, …); it leaves the pool when its JVM
 * says goodbye ({@link Addresses#POOL_WORKER_LEAVE}) or its cluster member is gone
 * ({@link Addresses#CLUSTER_MEMBER_LEFT}), and its browsers are re-pinned. At start it asks the
 * workers already running to announce themselves again ({@link Addresses#POOL_WORKER_SYNC}).
 * Announcements are published, so they expect no reply; one that cannot be read is logged and
 * dropped. Its state after joining comes from the health verticle's probes.
 */
public final class RemoteWorkers extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.pool");

  private final WorkerPool pool;
  /** Remote workers by cluster node ID (touched on this verticle's context only). */
  private final Map<String, Worker> byNode = new HashMap<>();

  /** @param pool the gateway's pool */
  public RemoteWorkers(WorkerPool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    Future<Void> announce = vertx.eventBus().<JsonObject>consumer(Addresses.POOL_WORKER_ANNOUNCE, this::announced).completion();
    Future<Void> leave = vertx.eventBus().<String>consumer(Addresses.POOL_WORKER_LEAVE, m -> left(m.body())).completion();
    Future<Void> member = vertx.eventBus().<String>localConsumer(Addresses.CLUSTER_MEMBER_LEFT, m -> memberLeft(m.body()))
      .completion();
    return Future.all(announce, leave, member)
      .onSuccess(v -> vertx.eventBus().publish(Addresses.POOL_WORKER_SYNC, null));
  }

  private void announced(Message<JsonObject> message) {
    JsonObject body = message.body();
    String id = body == null ? null : body.getString("id");
    String node = body == null ? null : body.getString("node");
    Upstream upstream = body == null ? null : Upstream.parse(body.getString("url"));
    if (id == null || node == null || upstream == null) {
      LOG.warn("pool: an unreadable worker announcement was dropped: {}", body);
      return;
    }
    Worker known = pool.byId(id);
    if (known != null) {
      return;
    }
    Worker worker = new Worker(id, freeSlot(), 1, Worker.Kind.REMOTE, upstream);
    byNode.put(node, worker);
    pool.add(worker);
    pool.state(worker, WorkerState.UP, "announced by cluster member " + node);
  }

  private void left(String id) {
    Worker worker = id == null ? null : pool.byId(id);
    if (worker != null && worker.kind() == Worker.Kind.REMOTE) {
      byNode.values().remove(worker);
      pool.remove(worker, "its worker JVM stopped");
    }
  }

  private void memberLeft(String node) {
    Worker worker = byNode.remove(node);
    if (worker != null) {
      pool.remove(worker, "its cluster member " + node + " left");
    }
  }

  /** The lowest {@code rN} no worker of the pool holds: the metrics label stays bounded. */
  private String freeSlot() {
    for (int n = 1; ; n++) {
      String slot = "r" + n;
      if (pool.workers().stream().noneMatch(w -> w.slot().equals(slot))) {
        return slot;
      }
    }
  }
}
