package io.fluxlit.gateway.http;

import ch.qos.logback.classic.Level;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** An upstream failure is one WARNING whose text names the request ID once: the log pattern's. */
@ExtendWith(VertxExtension.class)
class UpstreamWarningTest {

  @Test
  void theWarningCarriesTheRequestIdOnceAndNoQuery(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", "http://127.0.0.1:" + TestEnvironment.freePort()));
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.WARN)) {
      Http.Response response = new Http(vertx, gateway.port()).get("/page?token=secret", "X-Request-ID", "warn-1");
      assertThat(response.status()).isEqualTo(502);
      assertThat(logs.lines()).singleElement().satisfies(line -> {
        assertThat(line).startsWith("request_id=warn-1 gateway upstream HTTP error for ");
        assertThat(line.split("request_id=", -1)).hasSize(2);
        assertThat(line).doesNotContain("secret");
      });
    }
  }
}
