package io.fluxlit.gateway;

import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.RoutedPath;
import io.fluxlit.upstream.Upstream;
import io.fluxlit.pool.Worker;
import io.fluxlit.pool.WorkerPool;
import io.fluxlit.pool.WorkerState;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Http;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the managed worker starts, a Streamlit-bound request waits for it (bounded), and then
 * gets a 503 that tells the client to come back, and reloads a browser's page by itself.
 */
@ExtendWith(VertxExtension.class)
class WorkerStartWaitTest {

  private static HttpServer serve(Vertx vertx, WorkerStartWait wait, AtomicInteger held, AtomicInteger dispatched) {
    return vertx.createHttpServer().requestHandler(request -> {
      Exchange exchange = new Exchange("wait-" + request.getHeader("x-n"), new RoutedPath(Dispatch.STREAMLIT,
        request.path(), null, request.path()), "GET", request.path(), null, System.nanoTime())
        .bindTo(Vertx.currentContext());
      Promise<Void> finished = Promise.promise();
      request.response().closeHandler(v -> finished.tryComplete());
      exchange.attach(Reception.FINISHED, finished.future());
      if (!wait.applies()) {
        request.response().setStatusCode(500).end("not held: the pool is not starting");
        return;
      }
      wait.hold(request, exchange, () -> {
        dispatched.incrementAndGet();
        request.response().end("from the worker");
      });
      held.incrementAndGet();
    }).listen(0, "127.0.0.1").await();
  }

  private static WorkerPool poolWithAStartingWorker(Worker worker) {
    WorkerPool pool = WorkerPool.ofOneWorker();
    pool.add(worker);
    return pool;
  }

  @Test
  void aRequestWaitsUntilTheWorkerIsUp(Vertx vertx) throws Exception {
    Worker worker = new Worker(Worker.newId(), "w1", 1, Worker.Kind.MANAGED, Upstream.parse("http://127.0.0.1:1"));
    WorkerPool pool = poolWithAStartingWorker(worker);
    AtomicInteger dispatched = new AtomicInteger();
    AtomicInteger held = new AtomicInteger();
    HttpServer server = serve(vertx, new WorkerStartWait(vertx, pool, 30_000), held, dispatched);
    Http http = new Http(vertx, server.actualPort());
    var answer = http.sendAsync(http.options(io.vertx.core.http.HttpMethod.GET, "/"), null, "x-n", "1");
    Conditions.waitUntil(() -> held.get() == 1, 10, "the request to be held");
    assertThat(dispatched.get()).isZero();
    pool.state(worker, WorkerState.UP, "");
    assertThat(answer.await(10, TimeUnit.SECONDS).text()).isEqualTo("from the worker");
    assertThat(dispatched.get()).isEqualTo(1);
    assertThat(pool.starting()).isFalse();
  }

  @Test
  void aWorkerStillStartingAfterTheHoldGets503ThatRetriesItself(Vertx vertx) {
    Worker worker = new Worker(Worker.newId(), "w1", 1, Worker.Kind.MANAGED, Upstream.parse("http://127.0.0.1:1"));
    WorkerPool pool = poolWithAStartingWorker(worker);
    AtomicInteger dispatched = new AtomicInteger();
    HttpServer server = serve(vertx, new WorkerStartWait(vertx, pool, 300), new AtomicInteger(), dispatched);
    Http http = new Http(vertx, server.actualPort());

    Http.Response page = http.get("/", "Accept", "text/html,application/xhtml+xml", "x-n", "page");
    assertThat(page.status()).isEqualTo(503);
    assertThat(page.headers().get("retry-after")).isEqualTo(Integer.toString(WorkerStartWait.RETRY_AFTER_S));
    assertThat(page.headers().get("content-type")).startsWith("text/html");
    assertThat(page.text()).contains("<meta http-equiv=\"refresh\" content=\"" + WorkerStartWait.RETRY_AFTER_S + "\">")
      .contains("X-Request-ID: wait-page");

    Http.Response asset = http.get("/static/app.js", "x-n", "asset");
    assertThat(asset.status()).isEqualTo(503);
    assertThat(asset.headers().get("retry-after")).isEqualTo(Integer.toString(WorkerStartWait.RETRY_AFTER_S));
    assertThat(asset.text()).contains("Streamlit is still starting").contains("X-Request-ID: wait-asset");
    assertThat(dispatched.get()).as("nothing went to the worker").isZero();

    pool.state(worker, WorkerState.UP, "");
    assertThat(pool.starting()).isFalse();
  }

  @Test
  void onlyAPoolWithAManagedWorkerOnItsWayCountsAsStarting() {
    WorkerPool expecting = WorkerPool.ofOneWorker();
    assertThat(expecting.starting()).as("nothing expected").isFalse();
    expecting.expectManagedWorkers();
    assertThat(expecting.starting()).as("managed workers expected, none added yet").isTrue();
    Worker down = new Worker(Worker.newId(), "w1", 1, Worker.Kind.MANAGED, Upstream.parse("http://127.0.0.1:1"));
    expecting.add(down);
    expecting.state(down, WorkerState.DOWN, "exited");
    assertThat(expecting.starting()).as("a dead worker is not starting").isFalse();
  }
}
