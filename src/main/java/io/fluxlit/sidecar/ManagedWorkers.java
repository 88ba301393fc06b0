package io.fluxlit.sidecar;

import io.fluxlit.config.Settings;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerLauncher;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.upstream.Upstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The managed workers: one {@link SidecarVerticle} deployment per Streamlit process, each on a
 * free loopback port. Every process of the pool gets the same {@code server.cookieSecret}, chosen
 * at random once per gateway, so that Streamlit's signed cookies stay valid whichever of them a
 * browser is re-pinned to; a secret the user set ({@code STREAMLIT_SERVER_COOKIE_SECRET}, or in
 * the run arguments) wins.
 */
public final class ManagedWorkers implements WorkerLauncher {

  /** The variable Streamlit reads its cookie secret from. */
  static final String COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET";

  private final Vertx vertx;
  private final Settings settings;
  private final Supervision supervision;
  private final WorkerPool pool;
  private final Map<String, String> env;
  private final Map<Worker, String> deployments = new ConcurrentHashMap<>();

  /**
   * @param vertx the Vert.x instance
   * @param settings the resolved settings (the gateway's port already chosen)
   * @param supervision the process's supervision of its Streamlit processes
   * @param pool the pool the workers join
   */
  public ManagedWorkers(Vertx vertx, Settings settings, Supervision supervision, WorkerPool pool) {
    this.vertx = vertx;
    this.settings = settings;
    this.supervision = supervision;
    this.pool = pool;
    // From before the gateway listens: a request that comes before the first worker is added waits for it too.
    pool.expectManagedWorkers();
    this.env = System.getenv().containsKey(COOKIE_SECRET_ENV) ? Map.of()
      : Map.of(COOKIE_SECRET_ENV, Worker.newId() + Worker.newId());
  }

  /** @return the slot names of {@code FLUXLIT_STREAMLIT_WORKERS} workers: {@code w1}, {@code w2}, … */
  public List<String> slots() {
    List<String> slots = new ArrayList<>();
    for (int i = 1; i <= settings.pool().workers(); i++) {
      slots.add("w" + i);
    }
    return slots;
  }

  /**
   * Starts every worker at once.
   *
   * @return completed when all are up; failed as soon as one fails
   */
  public Future<Void> startAll() {
    List<Future<Worker>> starting = new ArrayList<>();
    for (String slot : slots()) {
      starting.add(launch(slot, 1));
    }
    return Future.all(starting).mapEmpty();
  }

  @Override
  public Future<Worker> launch(String slot, int generation) {
    return vertx.executeBlocking(ManagedWorkers::freeLoopbackPort).compose(port -> {
      Worker worker = new Worker(Worker.newId(), slot, generation, Worker.Kind.MANAGED,
        new Upstream(false, "127.0.0.1", port, ""));
      pool.add(worker);
      return vertx.deployVerticle(new SidecarVerticle(settings, supervision, pool, worker, env))
        .onSuccess(id -> deployments.put(worker, id))
        .onFailure(err -> pool.remove(worker, "did not start: " + err.getMessage()))
        .map(id -> worker);
    });
  }

  @Override
  public Future<Void> stop(Worker worker, String why) {
    String id = deployments.remove(worker);
    Future<Void> stopped = id == null ? Future.succeededFuture() : vertx.undeploy(id);
    return stopped.andThen(ar -> pool.remove(worker, "stopped (" + why + ")"));
  }

  @Override
  public List<Worker> running() {
    return pool.workers().stream().filter(deployments::containsKey).toList();
  }

  /** The port is released again before Streamlit binds it; the race is accepted. */
  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
