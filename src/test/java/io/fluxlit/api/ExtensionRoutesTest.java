package io.fluxlit.api;

import ch.qos.logback.classic.Level;
import io.fluxlit.logging.RequestId;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.Deployed;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Extension verticles in the gateway's JVM (docs/extensions.md): routing, bodies and every failure
 * row. Registration (start order, redeploys, conflicts) is ExtensionRegistrationTest's.
 */
@ExtendWith(VertxExtension.class)
class ExtensionRoutesTest {

  /** A real extension verticle built with the helper, as users write them. */
  static final class UsersVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
      return ApiRoutes.on(vertx)
        .get("/users/:id", "Read a user", req -> {
          LoggerFactory.getLogger("test.users").info("reading user {}", req.param("id"));
          return new JsonObject().put("id", req.param("id")).put("verbose", req.queryParam("verbose"))
            .put("request_id", RequestId.current());
        })
        .post("/echo", req -> ApiReply.json(201, req.bodyAsJson()).header("x-echo", "1"))
        .get("/teapot", req -> {
          throw new ApiException(418, "short and stout");
        })
        .get("/boom", req -> {
          throw new IllegalStateException("secret internals");
        })
        .get("/never", req -> Promise.promise().future())
        .get("/text", req -> "plain words")
        .register();
    }
  }

  @Test
  void routesToTheExtensionWithParamsQueryBodiesAndTheRequestId(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject());
         Deployed extension = Deployed.verticle(vertx, new UsersVerticle());
         CapturedLogs logs = new CapturedLogs("test.users", Level.INFO)) {
      Http http = new Http(vertx, gateway.port());
      Conditions.waitUntil(() -> http.get("/api/users/1").status() == 200, 10, "the routes to be registered");
      Http.Response user = http.get("/api/users/caf%C3%A9?verbose=yes", "X-Request-ID", "ext-1");
      assertThat(user.status()).isEqualTo(200);
      assertThat(user.json()).isEqualTo(new JsonObject().put("id", "caf\u00e9").put("verbose", "yes").put("request_id", "ext-1"));
      assertThat(user.requestId()).isEqualTo("ext-1");
      // The extension's own log line carries the request's ID.
      assertThat(logs.lines()).contains("request_id=ext-1 reading user caf\u00e9");

      Http.Response echo = http.send(http.options(HttpMethod.POST, "/api/echo"),
        Buffer.buffer("{\"a\":[1,2]}"), "Content-Type", "application/json");
      assertThat(echo.status()).isEqualTo(201);
      assertThat(echo.headers().get("x-echo")).isEqualTo("1");
      assertThat(echo.json()).isEqualTo(new JsonObject("{\"a\":[1,2]}"));
      Http.Response text = http.get("/api/text");
      assertThat(text.text()).isEqualTo("plain words");
      assertThat(text.headers().get("content-type")).startsWith("text/plain");

      JsonObject openApi = http.get("/api/openapi.json").json();
      assertThat(openApi.getJsonObject("paths").getJsonObject("/users/{id}").getJsonObject("get").getString("summary"))
        .isEqualTo("Read a user");
      assertThat(openApi.getJsonObject("paths").fieldNames()).doesNotContain("/healthz", "/readyz");
    }
  }

  @Test
  void answersEveryFailureWithAStatusAndTheRequestIdNeverHanging(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_API_TIMEOUT_S", "1"));
         Deployed extension = Deployed.verticle(vertx, new UsersVerticle())) {
      Http http = new Http(vertx, gateway.port());
      Conditions.waitUntil(() -> http.get("/api/users/1").status() == 200, 10, "the routes to be registered");
      assertThat(http.get("/api/nothing-here").status()).isEqualTo(404);
      Http.Response wrongMethod = http.send(http.options(HttpMethod.DELETE, "/api/users/1"), null);
      assertThat(wrongMethod.status()).isEqualTo(405);
      assertThat(wrongMethod.headers().get("allow")).isEqualTo("GET");

      Http.Response teapot = http.get("/api/teapot", "X-Request-ID", "tea");
      assertThat(teapot.status()).isEqualTo(418);
      assertThat(teapot.json()).isEqualTo(new JsonObject().put("detail", "short and stout").put("request_id", "tea"));

      Http.Response boom = http.get("/api/boom", "X-Request-ID", "boom");
      assertThat(boom.status()).isEqualTo(500);
      assertThat(boom.json()).isEqualTo(new JsonObject().put("detail", "Internal Server Error").put("request_id", "boom"));
      assertThat(boom.text()).doesNotContain("secret internals").doesNotContain("IllegalStateException");

      Http.Response never = http.get("/api/never", "X-Request-ID", "slow");
      assertThat(never.status()).isEqualTo(504);
      assertThat(never.json().getString("request_id")).isEqualTo("slow");

      extension.close();
      Http.Response gone = http.get("/api/users/1", "X-Request-ID", "gone");
      assertThat(gone.status()).isEqualTo(503);
      assertThat(gone.requestId()).isEqualTo("gone");
    }
  }
}
