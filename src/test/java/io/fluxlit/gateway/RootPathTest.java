package io.fluxlit.gateway;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;

/** A public sub-path ({@code FLUXLIT_ROOT_PATH}): full and stripped paths reach Streamlit with the prefix, the API and docs under it. */
@ExtendWith(VertxExtension.class)
class RootPathTest {

  @Test
  void servesASubPathWithFullAndStrippedPaths(Vertx vertx) throws Exception {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ROOT_PATH", "myapp/"))) {
      Http http = new Http(vertx, gateway.port());
      http.get("/myapp/page?x=1");
      JsonObject full = upstream.nextRequest();
      assertThat(full.getString("uri")).isEqualTo("/myapp/page?x=1");
      assertThat(full.getJsonObject("headers").getJsonArray("x-forwarded-prefix")).containsExactly("/myapp");
      http.get("/page");
      assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/myapp/page");
      http.get("/myapp");
      assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/myapp");
      http.get("/myappx");
      assertThat(upstream.nextRequest().getString("uri")).isEqualTo("/myapp/myappx");
      assertThat(http.get("/myapp/api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
      assertThat(http.get("/api/healthz").json()).isEqualTo(new JsonObject().put("status", "ok"));
      assertThat(http.get("/myapp/docs").headers().get("location")).isEqualTo("/myapp/api/docs");
      assertThat(http.get("/myapp/api/openapi.json").json().getJsonArray("servers").getJsonObject(0).getString("url"))
        .isEqualTo("/myapp/api");
    }
  }
}
