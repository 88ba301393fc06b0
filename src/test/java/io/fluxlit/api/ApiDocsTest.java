package io.fluxlit.api;

import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Swagger UI at {mount}/docs, served from the jar; the root shortcuts land there. */
@ExtendWith(VertxExtension.class)
class ApiDocsTest {

  @Test
  void servesSwaggerUiAndItsFilesUnderTheMount(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_ROOT_PATH", "/myapp"))) {
      Http http = new Http(vertx, gateway.port());
      Http.Response page = http.get("/myapp/api/docs");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.headers().get("content-type")).isEqualTo("text/html; charset=utf-8");
      assertThat(page.text()).contains("/myapp/api/docs/swagger-ui-bundle.js").contains("url: \"/myapp/api/openapi.json\"");
      Http.Response script = http.get("/myapp/api/docs/swagger-ui-bundle.js");
      assertThat(script.status()).isEqualTo(200);
      assertThat(script.headers().get("content-type")).startsWith("application/javascript");
      assertThat(script.body().length()).isGreaterThan(1_000_000);
      assertThat(script.text()).contains("SwaggerUIBundle");
      assertThat(http.get("/myapp/api/docs/swagger-ui.css").headers().get("content-type")).startsWith("text/css");
      assertThat(http.get("/myapp/api/docs/nope.js").status()).isEqualTo(404);
      // The root shortcuts: /docs -> /myapp/api/docs; /redoc -> /myapp/api/redoc -> the same page.
      assertThat(http.get("/myapp/docs").headers().get("location")).isEqualTo("/myapp/api/docs");
      Http.Response redoc = http.get("/myapp/api/redoc");
      assertThat(redoc.status()).isEqualTo(307);
      assertThat(redoc.headers().get("location")).isEqualTo("/myapp/api/docs");
    }
  }
}
