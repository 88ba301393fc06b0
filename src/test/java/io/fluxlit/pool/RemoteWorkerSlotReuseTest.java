package io.fluxlit.pool;

import io.fluxlit.bus.Addresses;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote worker's slot (its name, {@code r1}) goes to the next worker that joins once it left.
 * A request that chose the first one and then waited in the concurrency queue must not go to
 * its successor under the same name: it gets a 502 naming no worker, and its browser is re-pinned.
 * (The gateway's event bus is local here; the cluster's announcements travel on the same addresses.)
 */
@ExtendWith(VertxExtension.class)
class RemoteWorkerSlotReuseTest {

  private static void announce(Vertx vertx, String id, String node, FixtureUpstream upstream) {
    vertx.eventBus().publish(Addresses.POOL_WORKER_ANNOUNCE,
      new JsonObject().put("id", id).put("url", upstream.url()).put("node", node));
  }

  private static JsonArray workers(Http http) {
    return http.get("/__fluxlit/debug").json().getJsonObject("pool").getJsonArray("workers");
  }

  private static boolean dispatched(Http http, String requestId) {
    return http.get("/__fluxlit/debug").json().getJsonArray("recent_dispatches").stream()
      .anyMatch(e -> requestId.equals(((JsonObject) e).getString("request_id")));
  }

  @Test
  void aQueuedRequestNeverGoesToTheWorkerThatReusedItsWorkersName(Vertx vertx) throws Exception {
    try (FixtureUpstream first = new FixtureUpstream(vertx).start();
         FixtureUpstream successor = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_CLUSTER", "1")
           .put("FLUXLIT_DEBUG", "1")
           .put("FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP", "1")
           .put("FLUXLIT_GATEWAY_UPSTREAM_QUEUE_TIMEOUT_S", "30"))) {
      Http http = new Http(vertx, gateway.port());
      announce(vertx, "aaaaaaaaaaaaaaaa", "node-1", first);
      Conditions.waitUntil(() -> workers(http).size() == 1, 10, "the first remote worker to join");
      assertThat(workers(http).getJsonObject(0).getString("worker")).isEqualTo("r1.1");

      // The only place goes to a stream the first worker holds open; the next request queues behind it.
      Future<Http.Response> holding = http.sendAsync(http.options(HttpMethod.GET, "/sse"), null, "X-Request-ID", "holder");
      Conditions.waitUntil(() -> first.requestsTo("/sse") == 1, 10, "the stream to reach the first worker");
      Future<Http.Response> queued = http.sendAsync(http.options(HttpMethod.GET, "/page"), null, "X-Request-ID", "queued");
      Conditions.waitUntil(() -> dispatched(http, "queued"), 10, "the second request to choose its worker and queue");

      vertx.eventBus().publish(Addresses.POOL_WORKER_LEAVE, "aaaaaaaaaaaaaaaa");
      announce(vertx, "bbbbbbbbbbbbbbbb", "node-2", successor);
      Conditions.waitUntil(() -> workers(http).size() == 1
        && workers(http).getJsonObject(0).getString("upstream").startsWith(successor.url()), 10, "the successor to join");
      assertThat(workers(http).getJsonObject(0).getString("worker")).as("the successor reuses the name").isEqualTo("r1.1");

      first.releaseSse();
      holding.await(10, TimeUnit.SECONDS);
      Http.Response answer = queued.await(10, TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(502);
      assertThat(answer.text()).contains("X-Request-ID: queued");
      assertThat(successor.requestCount()).as("requests the successor received").isZero();
      assertThat(first.requestsTo("/page")).isZero();
    }
  }
}
