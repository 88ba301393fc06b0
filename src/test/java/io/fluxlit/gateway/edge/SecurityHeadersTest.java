package io.fluxlit.gateway.edge;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code FLUXLIT_ENABLE_SECURITY_HEADERS} (on by default) and {@code FLUXLIT_FRAME_ANCESTORS}
 * (docs/security.md) on API answers, the gateway's own answers and Streamlit's responses, against
 * a real upstream that sets none, some, or its own framing policy.
 */
@ExtendWith(VertxExtension.class)
class SecurityHeadersTest {

  private static HttpServer upstream;
  /** Defaults, forwarding headers trusted from loopback (so X-Forwarded-Proto: https counts). */
  private static Gateway trusting;
  /** Defaults: forwarding headers from peers are not believed. */
  private static Gateway plain;
  private static Gateway embeddable;
  private static Gateway off;

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .requestHandler(request -> {
        MultiMap h = request.response().headers();
        switch (request.path()) {
          case "/own" -> h.add("X-Frame-Options", "DENY").add("X-Content-Type-Options", "nosniff")
            .add("Referrer-Policy", "no-referrer").add("Strict-Transport-Security", "max-age=60");
          case "/csp" -> h.add("Content-Security-Policy", "default-src 'self'");
          case "/csp-frame" -> h.add("Content-Security-Policy", "frame-ancestors https://x.example");
          default -> {
          }
        }
        request.response().end("page");
      });
    upstream.listen().await();
    String url = "http://127.0.0.1:" + upstream.actualPort();
    trusting = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", url)
      .put("FLUXLIT_TRUST_PROXY", "true"));
    plain = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", url));
    embeddable = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", url)
      .put("FLUXLIT_FRAME_ANCESTORS", "'self'  https://portal.example"));
    off = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", url)
      .put("FLUXLIT_ENABLE_SECURITY_HEADERS", "false"));
  }

  @AfterAll
  static void stop() {
    trusting.stop();
    plain.stop();
    embeddable.stop();
    off.stop();
    upstream.close().await();
  }

  @Test
  void apiAnswersGetTheFullSetAndNoHstsOverPlainHttp(Vertx vertx) {
    Http.Response health = new Http(vertx, plain.port()).get("/api/healthz");
    assertThat(health.status()).isEqualTo(200);
    assertDefaults(health.headers());
    assertThat(health.headers().contains("strict-transport-security")).isFalse();
  }

  @Test
  void theGatewaysOwnAnswersGetThemToo(Vertx vertx) throws Exception {
    Http http = new Http(vertx, plain.port());
    assertDefaults(http.get("/docs").headers()); // 307
    assertDefaults(http.get("/api/no-such-route").headers()); // 404 from the API
    String invalid = Http.raw(plain.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n");
    assertThat(invalid).startsWith("HTTP/1.1 431").containsIgnoringCase("x-content-type-options: nosniff")
      .containsIgnoringCase("x-frame-options: SAMEORIGIN");
  }

  @Test
  void streamlitResponsesThatSetNoneGetOurs(Vertx vertx) {
    Http.Response page = new Http(vertx, plain.port()).get("/plain");
    assertThat(page.text()).isEqualTo("page");
    assertDefaults(page.headers());
  }

  @Test
  void streamlitsOwnHeadersWinAndAreNotDoubled(Vertx vertx) {
    MultiMap h = new Http(vertx, trusting.port()).get("/own", "X-Forwarded-Proto", "https").headers();
    assertThat(h.getAll("x-frame-options")).containsExactly("DENY");
    assertThat(h.getAll("x-content-type-options")).containsExactly("nosniff");
    assertThat(h.getAll("referrer-policy")).containsExactly("no-referrer");
    assertThat(h.getAll("strict-transport-security")).containsExactly("max-age=60");
    // Its X-Frame-Options is a framing policy: ours is left out entirely.
    assertThat(h.contains("content-security-policy")).isFalse();
  }

  @Test
  void aStreamlitPolicyWithoutFrameAncestorsIsSentBesideOurs(Vertx vertx) {
    Http http = new Http(vertx, plain.port());
    assertThat(http.get("/csp").headers().getAll("content-security-policy"))
      .containsExactlyInAnyOrder("frame-ancestors 'self'", "default-src 'self'");
    MultiMap framed = http.get("/csp-frame").headers();
    assertThat(framed.getAll("content-security-policy")).containsExactly("frame-ancestors https://x.example");
    assertThat(framed.contains("x-frame-options")).isFalse();
  }

  @Test
  void hstsOnlyWhenATrustedProxySaysHttps(Vertx vertx) {
    Http viaTrusted = new Http(vertx, trusting.port());
    assertThat(viaTrusted.get("/api/healthz", "X-Forwarded-Proto", "https").headers().get("strict-transport-security"))
      .isEqualTo("max-age=63072000; includeSubDomains");
    assertThat(viaTrusted.get("/plain", "X-Forwarded-Proto", "https").headers().get("strict-transport-security"))
      .isEqualTo("max-age=63072000; includeSubDomains");
    assertThat(viaTrusted.get("/api/healthz", "X-Forwarded-Proto", "http").headers().contains("strict-transport-security"))
      .isFalse();
    // Without FLUXLIT_TRUST_PROXY any client could claim https.
    assertThat(new Http(vertx, plain.port()).get("/api/healthz", "X-Forwarded-Proto", "https").headers()
      .contains("strict-transport-security")).isFalse();
  }

  @Test
  void frameAncestorsOpensEmbeddingAndDropsTheOldHeaderThatCannotSayIt(Vertx vertx) {
    for (String path : List.of("/api/healthz", "/plain")) {
      MultiMap h = new Http(vertx, embeddable.port()).get(path).headers();
      assertThat(h.get("content-security-policy")).as(path).isEqualTo("frame-ancestors 'self' https://portal.example");
      assertThat(h.contains("x-frame-options")).as(path).isFalse();
      assertThat(h.get("x-content-type-options")).as(path).isEqualTo("nosniff");
    }
  }

  @Test
  void switchedOffNothingIsAdded(Vertx vertx) {
    Http http = new Http(vertx, off.port());
    for (String path : List.of("/api/healthz", "/plain", "/docs")) {
      MultiMap h = http.send(http.options(HttpMethod.GET, path), null, "X-Forwarded-Proto", "https").headers();
      assertThat(h.names()).as(path).doesNotContain("x-content-type-options", "referrer-policy", "x-frame-options",
        "content-security-policy", "strict-transport-security");
    }
  }

  private static void assertDefaults(MultiMap headers) {
    assertThat(headers.getAll("x-content-type-options")).containsExactly("nosniff");
    assertThat(headers.getAll("referrer-policy")).containsExactly("strict-origin-when-cross-origin");
    assertThat(headers.getAll("x-frame-options")).containsExactly("SAMEORIGIN");
    assertThat(headers.getAll("content-security-policy")).containsExactly("frame-ancestors 'self'");
    assertThat(headers.get("x-request-id")).isNotBlank();
  }
}
