package io.fluxlit.gateway.edge;

import io.fluxlit.api.ApiRoutes;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
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

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS on the API (docs/security.md): {@code FLUXLIT_CORS_ALLOW_ORIGINS=https://app.example,
 * http://localhost:3000} with credentials, and {@code *} without; an extension that counts
 * every call, its own OPTIONS route included, shows that preflights never reach it.
 */
@ExtendWith(VertxExtension.class)
class ApiCorsTest {

  private static final AtomicInteger calls = new AtomicInteger();

  private static HttpServer upstream;
  private static Gateway listed;
  private static Gateway any;
  private static String extension;

  /** Answers GET and OPTIONS on {@code /probe}, counting both. */
  public static final class CountingExtension extends VerticleBase {
    @Override
    public Future<?> start() {
      return ApiRoutes.on(vertx)
        .get("/probe", req -> {
          calls.incrementAndGet();
          return new JsonObject().put("ok", true);
        })
        .route("OPTIONS", "/probe", "options", req -> {
          calls.incrementAndGet();
          return new JsonObject().put("reached", "extension");
        })
        .register();
    }
  }

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
      .requestHandler(request -> request.response().end("page"));
    upstream.listen().await();
    String url = "http://127.0.0.1:" + upstream.actualPort();
    listed = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", url)
      .put("FLUXLIT_CORS_ALLOW_ORIGINS", "[\"https://APP.example:443\", \"http://localhost:3000\"]")
      .put("FLUXLIT_CORS_ALLOW_CREDENTIALS", "true"));
    any = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", url)
      .put("FLUXLIT_CORS_ALLOW_ORIGINS", "*"));
    extension = vertx.deployVerticle(new CountingExtension()).await();
    Http http = new Http(vertx, listed.port());
    Conditions.waitUntil(() -> http.get("/api/probe").status() == 200, 10, "the extension's routes");
  }

  @AfterAll
  static void stop(Vertx vertx) {
    vertx.undeploy(extension).await();
    listed.stop();
    any.stop();
    upstream.close().await();
  }

  @Test
  void aListedOriginsPreflightIsAnsweredByTheGatewayAlone(Vertx vertx) {
    Http http = new Http(vertx, listed.port());
    int before = calls.get();
    Http.Response preflight = http.send(http.options(HttpMethod.OPTIONS, "/api/probe"), null,
      "Origin", "https://app.example", "Access-Control-Request-Method", "PUT",
      "Access-Control-Request-Headers", "content-type, x-custom");
    assertThat(preflight.status()).isEqualTo(204);
    MultiMap h = preflight.headers();
    assertThat(h.get("access-control-allow-origin")).isEqualTo("https://app.example");
    assertThat(h.get("access-control-allow-credentials")).isEqualTo("true");
    assertThat(h.get("access-control-allow-methods")).contains("PUT").contains("DELETE").contains("PATCH");
    assertThat(h.get("access-control-allow-headers")).isEqualTo("content-type, x-custom");
    assertThat(h.get("vary")).containsIgnoringCase("origin");
    assertThat(preflight.requestId()).isNotBlank();
    assertThat(calls.get()).as("the extension was not called").isEqualTo(before);
  }

  @Test
  void aListedOriginsRequestGetsTheCorsHeaders(Vertx vertx) {
    Http.Response response = new Http(vertx, listed.port()).get("/api/probe", "Origin", "http://localhost:3000");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("access-control-allow-origin")).isEqualTo("http://localhost:3000");
    assertThat(response.headers().get("access-control-allow-credentials")).isEqualTo("true");
  }

  @Test
  void anOriginNotListedIsServedWithoutCorsHeadersAndItsPreflightRefused(Vertx vertx) {
    Http http = new Http(vertx, listed.port());
    Http.Response simple = http.get("/api/probe", "Origin", "https://evil.example");
    assertThat(simple.status()).as("served: the browser withholds it from the page").isEqualTo(200);
    assertThat(simple.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("access-control-"));

    int before = calls.get();
    Http.Response preflight = http.send(http.options(HttpMethod.OPTIONS, "/api/probe"), null,
      "Origin", "https://evil.example", "Access-Control-Request-Method", "DELETE", "X-Request-ID", "cors-no");
    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("access-control-"));
    assertThat(preflight.requestId()).isEqualTo("cors-no");
    assertThat(preflight.text()).contains("FLUXLIT_CORS_ALLOW_ORIGINS").contains("X-Request-ID: cors-no");
    assertThat(calls.get()).as("the extension was not called").isEqualTo(before);
  }

  @Test
  void aPlainOptionsRequestStillReachesTheExtension(Vertx vertx) {
    Http http = new Http(vertx, listed.port());
    Http.Response options = http.send(http.options(HttpMethod.OPTIONS, "/api/probe"), null);
    assertThat(options.json()).isEqualTo(new JsonObject().put("reached", "extension"));
  }

  @Test
  void streamlitResponsesGetNoCorsHeaders(Vertx vertx) {
    Http.Response page = new Http(vertx, listed.port()).get("/page", "Origin", "https://app.example");
    assertThat(page.text()).isEqualTo("page");
    assertThat(page.headers().names()).noneMatch(n -> n.toLowerCase().startsWith("access-control-"));
  }

  @Test
  void starAllowsAnyOriginWithoutCredentials(Vertx vertx) {
    Http.Response response = new Http(vertx, any.port()).get("/api/healthz", "Origin", "https://anyone.example");
    assertThat(response.headers().get("access-control-allow-origin")).isEqualTo("*");
    assertThat(response.headers().contains("access-control-allow-credentials")).isFalse();
  }
}
