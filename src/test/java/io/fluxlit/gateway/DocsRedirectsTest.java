package io.fluxlit.gateway;

import io.fluxlit.testing.GatewayOverFixture;
import io.fluxlit.testing.Http;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /docs}, {@code /redoc} and {@code /openapi.json} at the root redirect under the API mount (docs/architecture.md#dispatch). */
class DocsRedirectsTest {

  @RegisterExtension
  static final GatewayOverFixture PROXY = GatewayOverFixture.with(new JsonObject());

  @Test
  void redirectsTheDocsShortcutsToTheApi() {
    Map<String, String> expected = Map.of(
      "/docs", "/api/docs", "/docs/", "/api/docs", "/redoc", "/api/redoc", "/redoc/", "/api/redoc",
      "/openapi.json", "/api/openapi.json");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String path = e.getKey();
      Http.Response response = PROXY.http().get(path + "?ignored=1");
      assertThat(response.status()).as(path).isEqualTo(307);
      assertThat(response.headers().get("location")).as(path).isEqualTo(e.getValue());
      assertThat(response.headers().get("content-length")).isEqualTo("0");
      assertThat(response.requestId()).isNotBlank();
    }
    assertThat(PROXY.http().send(PROXY.http().options(HttpMethod.POST, "/docs"), Buffer.buffer("x")).status()).isEqualTo(200);
  }
}
