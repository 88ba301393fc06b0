package io.fluxlit.gateway.edge;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.RawHttpHead;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request framing stays strict and is never forwarded when ambiguous (docs/security.md), and the
 * upstream's Date is passed on as it was written. Raw requests over a socket, as an attacker sends
 * them, against a real upstream that counts what reaches it.
 */
@ExtendWith(VertxExtension.class)
class RequestFramingTest {

  private static final String UPSTREAM_DATE = "Tue, 01 Dec 2026 08:00:00 GMT";

  private static HttpServer upstream;
  private static Gateway gateway;
  private static final AtomicInteger received = new AtomicInteger();
  private static final BlockingQueue<MultiMap> heads = new LinkedBlockingQueue<>();
  private static final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .requestHandler(request -> {
        received.incrementAndGet();
        heads.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
        request.body().onSuccess(body -> {
          bodies.add(body.toString());
          if (request.path().equals("/dated")) {
            request.response().putHeader("date", UPSTREAM_DATE);
          }
          request.response().end("ok");
        });
      });
    upstream.listen().await();
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + upstream.actualPort()));
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    upstream.close().await();
  }

  @Test
  void ambiguousLengthsAreRefusedWith400AndNeverForwarded() throws Exception {
    Map<String, String> cases = Map.of(
      "CL with TE", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "two different Content-Lengths", "Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
      "a list as Content-Length", "Content-Length: 3, 5\r\n\r\nabcde");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      int before = received.get();
      String answer = rawUntilClosed("POST /smuggle HTTP/1.1\r\nHost: x\r\n" + c.getValue());
      assertThat(answer).as(c.getKey()).startsWith("HTTP/1.1 400 Bad Request");
      String requestId = RawHttpHead.header(answer, "x-request-id");
      assertThat(requestId).as(c.getKey()).isNotBlank();
      assertThat(answer).as(c.getKey()).endsWith("X-Request-ID: " + requestId + "\n");
      assertThat(received.get()).as(c.getKey() + " reached the upstream").isEqualTo(before);
    }
  }

  @Test
  void anUnknownTransferEncodingIs501AndTheConnectionClosedEvenOnTheApi() throws Exception {
    for (String path : List.of("/upload", "/api/healthz")) {
      for (String coding : List.of("gzip", "xchunked", "chunked, chunked", "gzip, chunked")) {
        int before = received.get();
        // The "body" holds a second request: it must not be read as one.
        String answer = rawUntilClosed("POST " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding
          + "\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(answer).as(coding).startsWith("HTTP/1.1 501");
        assertThat(answer).as(coding).contains("X-Request-ID: " + RawHttpHead.header(answer, "x-request-id"));
        assertThat(answer.split("HTTP/1\\.").length - 1).as("one answer only, for " + coding).isEqualTo(1);
        assertThat(received.get()).as(coding + " reached the upstream").isEqualTo(before);
      }
    }
  }

  @Test
  void aSingleChunkedInAnyCaseIsForwardedAsChunked() throws Exception {
    heads.clear();
    bodies.clear();
    String answer = rawUntilClosed("POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      + "Transfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(heads.poll(5, TimeUnit.SECONDS).getAll("transfer-encoding")).containsExactly("chunked");
    assertThat(bodies.poll(5, TimeUnit.SECONDS)).isEqualTo("abc");
  }

  @Test
  void anH2cUpgradeIsNotHonoured() throws Exception {
    heads.clear();
    String answer = Http.raw(gateway.port(), "GET /h2c HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
      + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
    // Served as HTTP/1.1 by Streamlit, the upgrade headers dropped on the way (hop-by-hop).
    assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("101 Switching Protocols");
    assertThat(heads.poll(5, TimeUnit.SECONDS).names()).doesNotContain("upgrade", "http2-settings");
  }

  @Test
  void obsFoldIsUnfoldedIntoOneLine() throws Exception {
    heads.clear();
    String answer = rawUntilClosed("GET /fold HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Folded: one\r\n  two\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(heads.poll(5, TimeUnit.SECONDS).getAll("x-folded")).containsExactly("one two");
  }

  @Test
  void theUpstreamsDateIsKeptAndAMissingOneIsWrittenWithTwoDigitDays(Vertx vertx) {
    Http http = new Http(vertx, gateway.port());
    assertThat(http.get("/dated").headers().getAll("date")).containsExactly(UPSTREAM_DATE);
    // RFC 9110 IMF-fixdate: the day always has two digits.
    assertThat(http.get("/undated").headers().getAll("date")).singleElement().asString()
      .matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
  }

  private static String rawUntilClosed(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
