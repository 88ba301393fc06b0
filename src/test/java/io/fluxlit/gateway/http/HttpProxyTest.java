package io.fluxlit.gateway.http;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.GatewayOverFixture;
import io.fluxlit.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP hop's bodies: streamed (server-sent events), compressed, with their length, with queries; a silent upstream answered 504 (docs/architecture.md#the-http-hop). */
@ExtendWith(VertxExtension.class)
class HttpProxyTest {

  @RegisterExtension
  static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject().put("FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S", "2"));

  @Test
  void streamsServerSentEventsBeforeTheUpstreamFinishes(Vertx vertx) throws Exception {
    Promise<String> first = Promise.promise();
    StringBuilder all = new StringBuilder();
    Future<String> stream = PROXY.http().client().request(PROXY.http().options(HttpMethod.GET, "/sse"))
      .compose(req -> req.send())
      .compose(resp -> {
        assertThat(resp.getHeader("content-type")).isEqualTo("text/event-stream");
        Promise<String> done = Promise.promise();
        resp.handler(chunk -> {
          all.append(chunk.toString());
          if (all.toString().contains("data: first")) {
            first.tryComplete(all.toString());
          }
        });
        resp.endHandler(v -> done.complete(all.toString()));
        // The first event must arrive while the upstream still holds the stream open.
        first.future().onSuccess(text -> PROXY.upstream().releaseSse());
        return done.future();
      });
    // Two waits, so that a failure says which part did not come.
    String firstText = await(first.future(), "the first event, while the upstream holds the stream open");
    String body = await(stream, "the rest of the stream and its end, once released");
    assertThat(firstText).doesNotContain("second");
    assertThat(body).contains("data: first").contains("data: second");
  }

  private static String await(Future<String> future, String what) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no " + what + " within 10 s", e);
    }
  }

  @Test
  void passesCompressedBodiesThroughUntouched() throws Exception {
    Http.Response response = PROXY.http().get("/gzip", "Accept-Encoding", "gzip");
    assertThat(response.headers().get("content-encoding")).isEqualTo("gzip");
    assertThat(response.headers().get("content-length")).isEqualTo(Integer.toString(response.body().length()));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body().getBytes()))) {
      assertThat(new String(in.readAllBytes())).isEqualTo("hello gzip world");
    }
  }

  @Test
  void keepsContentLengthForGetAndHead() {
    Http.Response get = PROXY.http().get("/big");
    assertThat(get.body().length()).isEqualTo(FixtureUpstream.BIG_SIZE);
    assertThat(get.headers().get("content-length")).isEqualTo(Integer.toString(FixtureUpstream.BIG_SIZE));
    Http.Response head = PROXY.http().send(PROXY.http().options(HttpMethod.HEAD, "/big"), null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().get("content-length")).isEqualTo(Integer.toString(FixtureUpstream.BIG_SIZE));
    assertThat(head.body().length()).isZero();
  }

  @Test
  void forwardsBodiesAndQueries() throws Exception {
    Http.Response response = PROXY.http().send(PROXY.http().options(HttpMethod.POST, "/submit?a=1&b=%20x"),
      Buffer.buffer("{\"k\":\"v\"}"), "Content-Type", "application/json");
    assertThat(response.status()).isEqualTo(200);
    JsonObject seen = PROXY.upstream().nextRequest();
    assertThat(seen.getString("method")).isEqualTo("POST");
    assertThat(seen.getString("uri")).isEqualTo("/submit?a=1&b=%20x");
    assertThat(seen.getString("body")).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void answers504WithTheRequestIdWhenTheUpstreamIsSilent() {
    long started = System.nanoTime();
    Http.Response response = PROXY.http().get("/slow", "X-Request-ID", "slow-one");
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(response.status()).isEqualTo(504);
    assertThat(response.requestId()).isEqualTo("slow-one");
    assertThat(response.text()).contains("Gateway Timeout").contains("slow-one");
    assertThat(elapsedMs).as("read timeout is 2 s").isLessThan(8_000);
  }
}
