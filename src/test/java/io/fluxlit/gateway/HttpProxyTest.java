package io.fluxlit.gateway;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP hop to an upstream whose received requests we can inspect (docs/architecture.md#the-http-hop, docs/observability.md#request-ids). */
@ExtendWith(VertxExtension.class)
class HttpProxyTest {

  private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private static FixtureUpstream upstream;
  private static Gateway gateway;
  private static Http http;

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = new FixtureUpstream(vertx).start();
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
      .put("FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S", "2"));
    http = new Http(vertx, gateway.port());
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    upstream.stop();
  }

  @BeforeEach
  void clear() {
    upstream.clearRequests();
  }

  @Test
  void generatesARequestIdAndSendsItUpstreamAndBack() throws Exception {
    Http.Response response = http.get("/page");
    JsonObject seen = upstream.nextRequest();
    String upstreamId = seen.getJsonObject("headers").getJsonArray("x-request-id").getString(0);
    assertThat(upstreamId).matches(UUID_V4);
    assertThat(response.requestId()).isEqualTo(upstreamId);
    assertThat(response.headers().getAll("x-request-id")).hasSize(1);

    http.get("/page");
    String second = upstream.nextRequest().getJsonObject("headers").getJsonArray("x-request-id").getString(0);
    assertThat(second).isNotEqualTo(upstreamId);
  }

  @Test
  void keepsAValidClientRequestIdTrimmed() throws Exception {
    Http.Response response = http.get("/page", "X-Request-ID", "  ticket-42.abc  ");
    JsonObject seen = upstream.nextRequest();
    assertThat(seen.getJsonObject("headers").getJsonArray("x-request-id")).containsExactly("ticket-42.abc");
    assertThat(response.requestId()).isEqualTo("ticket-42.abc");
  }

  @Test
  void replacesAnUnacceptableClientRequestId() throws Exception {
    for (String bad : new String[] {"two words", "x".repeat(129), "tab\there", "caf\u00e9"}) {
      Http.Response response = http.get("/page", "X-Request-ID", bad);
      JsonObject seen = upstream.nextRequest();
      assertThat(seen.getJsonObject("headers").getJsonArray("x-request-id")).hasSize(1);
      String used = seen.getJsonObject("headers").getJsonArray("x-request-id").getString(0);
      assertThat(used).as("replacement for %s", bad).matches(UUID_V4);
      assertThat(response.requestId()).isEqualTo(used);
    }
  }

  @Test
  void writesForwardingHeadersAndKeepsThePublicHost() throws Exception {
    http.send(http.options(HttpMethod.GET, "/page?x=1").setHost("public.example").setPort(8443), null,
      "X-Forwarded-For", "6.6.6.6", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example",
      "X-Forwarded-Prefix", "/evil", "Forwarded", "for=6.6.6.6");
    JsonObject headers = upstream.nextRequest().getJsonObject("headers");
    assertThat(headers.getJsonArray("host")).containsExactly("public.example:8443");
    assertThat(headers.getJsonArray("x-forwarded-host")).containsExactly("public.example:8443");
    assertThat(headers.getJsonArray("x-forwarded-proto")).containsExactly("http");
    assertThat(headers.getJsonArray("x-forwarded-port")).containsExactly("8443");
    assertThat(headers.getJsonArray("x-forwarded-for")).containsExactly("127.0.0.1");
    assertThat(headers.containsKey("x-forwarded-prefix")).isFalse();
    assertThat(headers.containsKey("forwarded")).isFalse();
  }

  @Test
  void omitsForwardedPortWhenTheHostNamesNone() throws Exception {
    http.send(http.options(HttpMethod.GET, "/page").putHeader("host", "public.example"), null);
    JsonObject headers = upstream.nextRequest().getJsonObject("headers");
    assertThat(headers.getJsonArray("host")).containsExactly("public.example");
    assertThat(headers.containsKey("x-forwarded-port")).isFalse();
  }

  @Test
  void dropsHopByHopHeadersIncludingThoseNamedInConnection() throws Exception {
    String answer = Http.raw(gateway.port(), "GET /page HTTP/1.1\r\n"
      + "Host: 127.0.0.1\r\n"
      + "Connection: keep-alive, X-Secret-Hop\r\n"
      + "X-Secret-Hop: must-not-pass\r\n"
      + "Keep-Alive: timeout=5\r\n"
      + "TE: trailers\r\n"
      + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
      + "Proxy-Connection: keep-alive\r\n"
      + "Cookie: session=abc\r\n"
      + "Authorization: Bearer token\r\n"
      + "Origin: http://127.0.0.1\r\n"
      + "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"
      + "tracestate: vendor=1\r\n"
      + "\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    JsonObject headers = upstream.nextRequest().getJsonObject("headers");
    assertThat(headers.fieldNames()).doesNotContain("x-secret-hop", "keep-alive", "te", "proxy-authorization",
      "proxy-connection");
    assertThat(headers.getJsonArray("cookie")).containsExactly("session=abc");
    assertThat(headers.getJsonArray("authorization")).containsExactly("Bearer token");
    assertThat(headers.getJsonArray("origin")).containsExactly("http://127.0.0.1");
    assertThat(headers.getJsonArray("traceparent")).hasSize(1);
    assertThat(headers.getJsonArray("tracestate")).containsExactly("vendor=1");
  }

  @Test
  void dropsHopByHopResponseHeadersAndTheUpstreamsRequestId() {
    Http.Response response = http.get("/hop");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().contains("x-secret-hop")).isFalse();
    assertThat(response.headers().contains("keep-alive")).isFalse();
    assertThat(response.headers().get("x-kept")).isEqualTo("yes");
    assertThat(response.headers().getAll("x-request-id")).hasSize(1).doesNotContain("upstream-made-this");
  }

  @Test
  void keepsEverySetCookie() {
    Http.Response response = http.get("/cookies");
    assertThat(response.headers().getAll("set-cookie"))
      .containsExactly("a=1; Path=/", "b=2; Path=/; HttpOnly", "c=3");
  }

  @Test
  void streamsServerSentEventsBeforeTheUpstreamFinishes(Vertx vertx) throws Exception {
    Promise<String> first = Promise.promise();
    StringBuilder all = new StringBuilder();
    String body = http.client().request(http.options(HttpMethod.GET, "/sse"))
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
        first.future().onSuccess(text -> upstream.releaseSse());
        return done.future();
      })
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(first.future().result()).doesNotContain("second");
    assertThat(body).contains("data: first").contains("data: second");
  }

  @Test
  void passesCompressedBodiesThroughUntouched() throws Exception {
    Http.Response response = http.get("/gzip", "Accept-Encoding", "gzip");
    assertThat(response.headers().get("content-encoding")).isEqualTo("gzip");
    assertThat(response.headers().get("content-length")).isEqualTo(Integer.toString(response.body().length()));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body().getBytes()))) {
      assertThat(new String(in.readAllBytes())).isEqualTo("hello gzip world");
    }
  }

  @Test
  void keepsContentLengthForGetAndHead() {
    Http.Response get = http.get("/big");
    assertThat(get.body().length()).isEqualTo(FixtureUpstream.BIG_SIZE);
    assertThat(get.headers().get("content-length")).isEqualTo(Integer.toString(FixtureUpstream.BIG_SIZE));
    Http.Response head = http.send(http.options(HttpMethod.HEAD, "/big"), null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers().get("content-length")).isEqualTo(Integer.toString(FixtureUpstream.BIG_SIZE));
    assertThat(head.body().length()).isZero();
  }

  @Test
  void forwardsBodiesAndQueries() throws Exception {
    Http.Response response = http.send(http.options(HttpMethod.POST, "/submit?a=1&b=%20x"),
      Buffer.buffer("{\"k\":\"v\"}"), "Content-Type", "application/json");
    assertThat(response.status()).isEqualTo(200);
    JsonObject seen = upstream.nextRequest();
    assertThat(seen.getString("method")).isEqualTo("POST");
    assertThat(seen.getString("uri")).isEqualTo("/submit?a=1&b=%20x");
    assertThat(seen.getString("body")).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void answers504WithTheRequestIdWhenTheUpstreamIsSilent() {
    long started = System.nanoTime();
    Http.Response response = http.get("/slow", "X-Request-ID", "slow-one");
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(response.status()).isEqualTo(504);
    assertThat(response.requestId()).isEqualTo("slow-one");
    assertThat(response.text()).contains("Gateway Timeout").contains("slow-one");
    assertThat(elapsedMs).as("read timeout is 2 s").isLessThan(8_000);
  }

  @Test
  void neverForwardsAnAbsoluteFormTargetToAnotherHost() throws Exception {
    String answer = Http.raw(gateway.port(), "GET http://evil.example:9/zzz?q=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/zzz?q=1");
  }

  @Test
  void dispatchesOnTheNormalisedPathAndForwardsThatSamePath() throws Exception {
    // Prefix rules: /api and /api/ are the API; /apix is Streamlit's.
    assertThat(http.get("/api").json()).isEqualTo(new JsonObject().put("detail", "Not Found"));
    assertThat(http.get("/api/").status()).isEqualTo(404);
    assertThat(http.get("/apix").status()).isEqualTo(200);
    assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/apix");

    // Dot segments and doubled slashes cannot make the gateway and upstream disagree.
    assertThat(http.get("/api/../x").status()).isEqualTo(200);
    assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/x");
    assertThat(http.get("/api/%2e%2e/_stcore/y").status()).isEqualTo(200);
    assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/_stcore/y");
    assertThat(http.get("/x/../api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(http.get("/%2e%2e/api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(http.get("//api//healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
    assertThat(http.get("/%61pi/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
    // None of the API requests reached the upstream: the next request it sees is this one.
    http.get("/still/../upstream");
    assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/upstream");
  }

  @Test
  void redirectsTheDocsShortcutsToTheApi() {
    Map<String, String> expected = Map.of(
      "/docs", "/api/docs", "/docs/", "/api/docs", "/redoc", "/api/redoc", "/redoc/", "/api/redoc",
      "/openapi.json", "/api/openapi.json");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String path = e.getKey();
      Http.Response response = http.get(path + "?ignored=1");
      assertThat(response.status()).as(path).isEqualTo(307);
      assertThat(response.headers().get("location")).as(path).isEqualTo(e.getValue());
      assertThat(response.headers().get("content-length")).isEqualTo("0");
      assertThat(response.requestId()).isNotBlank();
    }
    assertThat(http.send(http.options(HttpMethod.POST, "/docs"), Buffer.buffer("x")).status()).isEqualTo(200);
  }

  @Test
  void answersMalformedRequestsWithTheRightStatusAndARequestId() throws Exception {
    String longLine = Http.raw(gateway.port(), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(longLine).matches("(?s)HTTP/1\\.[01] 414.*").containsIgnoringCase("x-request-id: ");
    String bigHeaders = Http.raw(gateway.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");
    assertThat(bigHeaders).matches("(?s)HTTP/1\\.[01] 431.*").containsIgnoringCase("x-request-id: ");
  }

  @Test
  void refusesAmbiguousFramingWithoutForwardingIt() throws Exception {
    int before = upstream.requestCount();
    String answer = Http.raw(gateway.port(), "POST /smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("x-request-id: ");
    assertThat(upstream.requestCount()).isEqualTo(before);
  }
}
