package io.fluxlit.gateway.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fluxlit.exchange.UpstreamFailure;
import io.fluxlit.gateway.upstream.UpstreamErrorMapper;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded wait for an upstream connection, against a real server and a real pooled client:
 * a wait that outlasts its bound fails as a timeout (answered 504), a connection granted late is
 * let go, and a granted connection is not kept reachable by the timer (docs/reliability.md,
 * finding 2: Vert.x's own pool-wait timer kept each one for the whole timeout).
 */
@ExtendWith(VertxExtension.class)
class UpstreamConnectionWaitTest {

  private HttpServer server;
  private HttpClient client;
  private Promise<Void> release;

  @BeforeEach
  void start(Vertx vertx) {
    release = Promise.promise();
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .requestHandler(request -> {
        if (request.path().equals("/held")) {
          release.future().onComplete(v -> request.response().end("held"));
        } else {
          request.response().putHeader("connection", "close").end("ok");
        }
      })
      .listen().await();
    // One pooled connection, so that a second request has to wait for it.
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
  }

  @AfterEach
  void stop() {
    client.close().await();
    server.close().await();
  }

  private RequestOptions to(String path) {
    return new RequestOptions().setHost("127.0.0.1").setPort(server.actualPort()).setURI(path);
  }

  @Test
  void aWaitLongerThanItsBoundFailsAsATimeoutAndTheLateConnectionIsLetGo(Vertx vertx) {
    try (CapturedLogs logs = new CapturedLogs(Logger.ROOT_LOGGER_NAME, Level.WARN)) {
      timesOutThenLetsGo(vertx);
      assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
  }

  private void timesOutThenLetsGo(Vertx vertx) {
    Future<Buffer> held = client.request(to("/held")).compose(r -> r.send().compose(resp -> resp.body()));
    long started = System.nanoTime();
    Future<HttpClientRequest> waiting = UpstreamConnectionWait.bounded(vertx, client.request(to("/next")), 200);
    Throwable failure = waiting.transform(Future::succeededFuture).await().cause();

    assertThat(failure).isInstanceOf(TimeoutException.class);
    assertThat(UpstreamErrorMapper.classify(failure)).isEqualTo(UpstreamFailure.TIMEOUT);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);

    // The held request ends; the pool grants its connection to the request that gave up, which
    // lets it go, so the next request still gets a connection.
    release.complete();
    assertThat(held.await().toString()).isEqualTo("held");
    String next = UpstreamConnectionWait.bounded(vertx, client.request(to("/next")), 5_000)
      .compose(r -> r.send().compose(resp -> resp.body())).await().toString();
    assertThat(next).isEqualTo("ok");
  }

  @Test
  void aGrantedConnectionIsNotKeptReachableByTheTimer(Vertx vertx) {
    // A long bound, as in production (30 s): were the timer left running, it would keep the
    // request, and through it the connection, reachable until it fired.
    // Sent and read in one chain on the event loop: a send() from the test thread could see the
    // body arrive before its handler is set.
    AtomicReference<WeakReference<HttpConnection>> connection = new AtomicReference<>();
    String body = UpstreamConnectionWait.bounded(vertx, client.request(to("/once")), 60_000)
      .compose(request -> {
        connection.set(new WeakReference<>(request.connection()));
        return request.send().compose(resp -> resp.body());
      }).await().toString();
    assertThat(body).isEqualTo("ok");

    Conditions.waitUntil(() -> {
      System.gc();
      return connection.get().get() == null;
    }, 20, "the closed upstream connection to be collected");
  }
}
