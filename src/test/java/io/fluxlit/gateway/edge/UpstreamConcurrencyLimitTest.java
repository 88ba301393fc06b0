package io.fluxlit.gateway.edge;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP} = 2 with a 1 s queue
 * (docs/security.md), against a real upstream whose {@code /hold} sends its head and a first
 * chunk at once and ends only when the test releases it: so a held exchange is one whose
 * response is already streaming.
 */
@ExtendWith(VertxExtension.class)
class UpstreamConcurrencyLimitTest {

  private static final Pattern OVERLOAD = Pattern.compile(
    "(?m)^fluxlit_gateway_upstream_errors_total\\{kind=\"overload\"} (\\d+)\\.0$");

  private static HttpServer upstream;
  private static Gateway gateway;
  private static Http http;
  private static final Queue<Promise<Void>> held = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger received = new AtomicInteger();

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .requestHandler(request -> {
        received.incrementAndGet();
        if (request.path().equals("/hold")) {
          request.response().setChunked(true).write("first ");
          Promise<Void> release = Promise.promise();
          held.add(release);
          release.future().onComplete(v -> request.response().end("last"));
        } else {
          request.response().end("ok");
        }
      });
    upstream.listen().await();
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort())
      .put("FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP", "2")
      .put("FLUXLIT_GATEWAY_UPSTREAM_QUEUE_TIMEOUT_S", "1")
      .put("FLUXLIT_ENABLE_GATEWAY_PROMETHEUS_METRICS", "1"));
    http = new Http(vertx, gateway.port());
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    upstream.close().await();
  }

  @AfterEach
  void releaseAll() {
    for (Promise<Void> p = held.poll(); p != null; p = held.poll()) {
      p.tryComplete();
    }
  }

  @Test
  void beyondTheLimitARequestWaitsAtMostTheQueueTimeoutThenGets503WithRetryAfter() throws Exception {
    Future<Http.Response> first = holdOne();
    Future<Http.Response> second = holdOne();
    int before = received.get();
    long overloadBefore = overloadCount();

    long started = System.nanoTime();
    Http.Response shed = http.get("/page", "X-Request-ID", "shed-1");
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(shed.status()).isEqualTo(503);
    assertThat(shed.headers().get("retry-after")).isEqualTo("1");
    assertThat(shed.requestId()).isEqualTo("shed-1");
    assertThat(shed.text()).startsWith("Service Unavailable").contains("X-Request-ID: shed-1");
    assertThat(waitedMs).as("waited for the 1 s queue timeout").isBetween(900L, 6_000L);
    assertThat(received.get()).as("the shed request never reached Streamlit").isEqualTo(before);
    assertThat(overloadCount()).as("counted as kind=overload").isEqualTo(overloadBefore + 1);
    assertThat(first.isComplete()).as("held exchanges still streaming").isFalse();
    assertThat(second.isComplete()).isFalse();
  }

  @Test
  void aWaitingRequestGetsThePlaceOfAnExchangeThatEnds() throws Exception {
    Future<Http.Response> first = holdOne();
    holdOne();
    Future<Http.Response> waiting = http.sendAsync(http.options(HttpMethod.GET, "/page"), null);
    // Still queued: the two exchanges hold both places although their heads were sent long ago.
    Conditions.holdsFor(() -> !waiting.isComplete(), 300, "the third request waits");
    held.poll().complete();
    assertThat(first.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).text()).isEqualTo("first last");
    Http.Response served = waiting.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.text()).isEqualTo("ok");
  }

  @Test
  void theApiAndTheProbesAreNeverHeld() throws Exception {
    holdOne();
    holdOne();
    // Held by the limit they would be answered 503 after the 1 s queue timeout.
    assertThat(http.get("/api/healthz").status()).isEqualTo(200);
    assertThat(http.get("/api/readyz").status()).isEqualTo(200);
    assertThat(http.get("/api/nothing").status()).isEqualTo(404);
  }

  /** Starts a /hold exchange and returns once its first chunk has reached the client. */
  private static Future<Http.Response> holdOne() throws Exception {
    int before = held.size();
    Promise<Void> firstChunk = Promise.promise();
    Future<Http.Response> response = http.client().request(http.options(HttpMethod.GET, "/hold"))
      .compose(req -> req.send())
      .compose(resp -> {
        StringBuilder body = new StringBuilder();
        Promise<Http.Response> done = Promise.promise();
        resp.handler(chunk -> {
          body.append(chunk.toString());
          firstChunk.tryComplete();
        });
        resp.endHandler(v -> done.complete(new Http.Response(resp.statusCode(), resp.headers(),
          io.vertx.core.buffer.Buffer.buffer(body.toString()))));
        return done.future();
      });
    firstChunk.future().await(5, TimeUnit.SECONDS);
    Conditions.waitUntil(() -> held.size() > before, 5, "the upstream to hold the exchange");
    return response;
  }

  private static long overloadCount() {
    Matcher m = OVERLOAD.matcher(http.get("/__fluxlit/metrics").text());
    assertThat(m.find()).as("the overload series is in the scrape").isTrue();
    return Long.parseLong(m.group(1));
  }
}
