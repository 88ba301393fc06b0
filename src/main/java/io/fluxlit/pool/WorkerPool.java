package io.fluxlit.pool;

import io.fluxlit.config.Settings;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Streamlit workers of this gateway, shared by every gateway event loop, the sidecars, the
 * health verticle, the metrics and the reload. Thread-safe: the list is copy-on-write (workers
 * come and go rarely, requests read it constantly) and each {@link Worker} is thread-safe.
 *
 * <p>Every state change is logged once on {@code fluxlit.pool}, with how many workers are up:
 * the lines docs/scaling.md tells operators to look for.
 */
public final class WorkerPool {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.pool");

  private static final Worker[] NONE = new Worker[0];
  private static final Comparator<Worker> BY_SLOT = Comparator.comparing(Worker::slot);

  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  /** Told once when a worker comes up; see {@link #whenUp}. */
  private final List<Runnable> upListeners = new CopyOnWriteArrayList<>();
  private volatile boolean managedExpected;
  private final AtomicInteger turn = new AtomicInteger();
  private final boolean configured;
  private final boolean affinity;
  private final boolean several;
  private final int minReady;

  /**
   * @param configured whether Streamlit is configured at all (an app, upstream URLs, or a cluster
   *     that remote workers may join): without it, only the API is served
   * @param affinity whether browsers are pinned with the affinity cookie: when the pool can hold
   *     more than one worker, a reload's included; a single external upstream sets no cookie
   * @param several whether the pool is configured with more than one worker (or a cluster can
   *     add some): readiness then lists the workers
   * @param minReady workers that must be up for readiness
   */
  private WorkerPool(boolean configured, boolean affinity, boolean several, int minReady) {
    this.configured = configured;
    this.affinity = affinity;
    this.several = several;
    this.minReady = minReady;
  }

  /**
   * The gateway's pool, still empty: managed workers ({@code FLUXLIT_STREAMLIT_APP}) join it as
   * they start, else the caller adds the upstream URLs; remote workers may join a cluster's.
   * Browsers are pinned when it can hold more than one worker.
   *
   * @param settings the resolved settings
   * @return the pool
   */
  public static WorkerPool forGateway(Settings settings) {
    boolean managed = !settings.sidecar().app().isEmpty();
    int urls = managed ? 0 : settings.upstream().urls().size();
    boolean several = managed ? settings.pool().workers() > 1 : urls > 1;
    boolean clustered = settings.cluster().enabled();
    // Managed workers pin browsers even alone: a reload runs two processes side by side.
    return new WorkerPool(managed || urls > 0 || clustered, managed || several || clustered, several || clustered,
      settings.pool().minReadyWorkers());
  }

  /** @return the pool of a {@code worker} JVM: its one managed Streamlit, for the sidecar's state */
  public static WorkerPool ofOneWorker() {
    return new WorkerPool(true, true, false, 1);
  }

  /** Managed workers are about to be started: until one is added, the pool counts as {@link #starting()}. */
  public void expectManagedWorkers() {
    managedExpected = true;
  }

  /**
   * @return whether no worker is up yet but one is on its way: a managed worker starting (or
   *     about to be added), not one that died or left
   */
  public boolean starting() {
    boolean anyStarting = managedExpected && workers.isEmpty();
    for (Worker w : workers) {
      if (w.state() == WorkerState.UP) {
        return false;
      }
      anyStarting |= w.state() == WorkerState.STARTING;
    }
    return anyStarting;
  }

  /**
   * Runs {@code listener} once, as soon as a worker is up (at once, on this thread, when one is
   * already), on the thread that reported it.
   *
   * @param listener what to run; must not block
   * @return cancels the listener (idempotent)
   */
  public Runnable whenUp(Runnable listener) {
    Runnable once = new Runnable() {
      @Override
      public void run() {
        if (upListeners.remove(this)) {
          listener.run();
        }
      }
    };
    upListeners.add(once);
    if (count(WorkerState.UP) > 0) { // came up before the listener was in: no wake-up lost
      once.run();
    }
    return () -> upListeners.remove(once);
  }

  /** @return whether readiness lists the workers (a single one answers exactly as before pools) */
  public boolean several() {
    return several;
  }

  /** @return whether Streamlit is configured (the pool may be empty still: workers are starting) */
  public boolean configured() {
    return configured;
  }

  /** @return whether responses pin browsers with the affinity cookie */
  public boolean affinity() {
    return affinity;
  }

  /** @return workers that must be up for readiness to answer 200 */
  public int minReady() {
    return minReady;
  }

  /** @param worker a worker to add (in its current state) */
  public void add(Worker worker) {
    workers.add(worker);
    LOG.info("pool: worker {} added ({})", worker, summary());
  }

  /**
   * Forgets a worker: browsers pinned to it are re-pinned on their next request.
   *
   * @param worker the worker
   * @param why why, for the log line
   */
  public void remove(Worker worker, String why) {
    if (workers.remove(worker)) {
      worker.state(WorkerState.DOWN, why);
      LOG.info("pool: worker {} removed: {} ({})", worker, why, summary());
    }
  }

  /**
   * Moves a worker to a new state; a change is logged once.
   *
   * @param worker a worker of the pool
   * @param next its new state
   * @param why why (empty: nothing to say)
   */
  public void state(Worker worker, WorkerState next, String why) {
    WorkerState before = worker.state(next, why);
    if (next == WorkerState.UP) {
      upListeners.forEach(Runnable::run);
    }
    if (before != next) {
      if (next == WorkerState.DOWN) {
        LOG.warn("pool: worker {} is down: {}; its browsers are re-pinned ({})", worker, why, summary());
      } else {
        LOG.info("pool: worker {} is {}{} ({})", worker, next.label(), why.isEmpty() ? "" : ": " + why, summary());
      }
    }
  }

  /** @return the workers now, in the order they were added */
  public List<Worker> workers() {
    return List.copyOf(workers);
  }

  /**
   * @param id an affinity cookie value
   * @return the worker it names, or {@code null} when none does (stale, forged, or forgotten)
   */
  public Worker byId(String id) {
    for (Worker worker : workers) {
      if (worker.id().equals(id)) {
        return worker;
      }
    }
    return null;
  }

  /**
   * @param worker a worker chosen earlier
   * @return whether it is still in the pool (a reload or a departure may have removed it since)
   */
  public boolean holds(Worker worker) {
    // By identity: a remote worker's name can be reused by its successor (docs/scaling.md).
    for (Worker w : workers) {
      if (w == worker) {
        return true;
      }
    }
    return false;
  }

  /**
   * The worker a new browser goes to: the up worker with the fewest open sessions; among equals,
   * each in turn, so browsers arriving together (before any WebSocket is open) still spread.
   *
   * @return the worker, or {@code null} when none is up
   */
  Worker leastLoaded() {
    // Called for every request without a pin: a plain loop, nothing allocated but the snapshot
    // (docs/performance.md, tuning log). One reading of each count: sessions open and close on
    // other event loops meanwhile, and two readings could leave no worker at the minimum
    // (docs/reliability.md, websockets_1000).
    Worker[] all = workers.toArray(NONE);
    int[] sessions = new int[all.length];
    int fewest = Integer.MAX_VALUE;
    int tied = 0;
    Worker first = null;
    for (int i = 0; i < all.length; i++) {
      sessions[i] = all[i].state() == WorkerState.UP ? all[i].sessions() : -1;
      if (sessions[i] >= 0 && sessions[i] < fewest) {
        fewest = sessions[i];
        tied = 1;
        first = all[i];
      } else if (sessions[i] >= 0 && sessions[i] == fewest) {
        tied++;
      }
    }
    if (tied <= 1) {
      return first;
    }
    Worker[] candidates = new Worker[tied];
    for (int i = 0, n = 0; i < all.length; i++) {
      if (sessions[i] == fewest) {
        candidates[n++] = all[i];
      }
    }
    Arrays.sort(candidates, BY_SLOT);
    return candidates[Math.floorMod(turn.getAndIncrement(), candidates.length)];
  }

  /**
   * @param state a state
   * @return how many workers are in it
   */
  public int count(WorkerState state) {
    return (int) workers.stream().filter(w -> w.state() == state).count();
  }

  /** @return whether at least {@link #minReady()} workers are up */
  public boolean ready() {
    return count(WorkerState.UP) >= minReady;
  }

  /** @return e.g. {@code 1 of 2 up} */
  public String summary() {
    return count(WorkerState.UP) + " of " + workers.size() + " up";
  }

  /** @return each worker, for readiness and the debug snapshot */
  public JsonArray toJson() {
    JsonArray array = new JsonArray();
    workers.forEach(w -> array.add(w.toJson()));
    return array;
  }

  /** @return each worker with its address (operators only: the debug snapshot) */
  private JsonArray withAddresses() {
    JsonArray array = new JsonArray();
    workers.forEach(w -> array.add(w.toJson().put("upstream", w.upstream().baseUrl())));
    return array;
  }

  /** @return the pool as the debug snapshot shows it */
  public JsonObject snapshot() {
    return new JsonObject()
      .put("affinity", affinity)
      .put("min_ready_workers", minReady)
      .put("up", count(WorkerState.UP))
      .put("workers", withAddresses());
  }
}
