package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.fluxlit.logging.RequestId;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The request ID crosses the event bus as a message header and is re-bound per message (docs/observability.md#request-ids). */
@ExtendWith(VertxExtension.class)
class RequestIdPropagationTest {

  @Test
  void everyApiMessageCarriesItsRequestsIdEvenUnderConcurrency(Vertx vertx) {
    Map<String, String> apiHeaderById = new ConcurrentHashMap<>();
    Map<String, String> healthHeaders = new ConcurrentHashMap<>();
    vertx.eventBus().addInboundInterceptor(delivery -> {
      String address = delivery.message().address();
      String id = delivery.message().headers().get(RequestId.HEADER);
      if (address.equals(Addresses.API_REQUEST)) {
        JsonObject body = (JsonObject) delivery.message().body();
        String claimed = body.getJsonObject(ApiEnvelope.HEADERS).getJsonArray("x-request-id").getString(0);
        apiHeaderById.put(claimed, String.valueOf(id));
      } else if (address.equals(Addresses.HEALTH_READY)) {
        healthHeaders.put(String.valueOf(id), address);
      }
      delivery.next();
    });
    try (Gateway gateway = Gateway.start(vertx, new JsonObject())) {
      Http http = new Http(vertx, gateway.port());
      List<Future<Http.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String id = "req-" + i;
        String path = i % 2 == 0 ? "/api/healthz" : "/api/readyz";
        calls.add(http.sendAsync(http.options(HttpMethod.GET, path), null, "X-Request-ID", id));
      }
      for (int i = 0; i < 50; i++) {
        Http.Response response = calls.get(i).await();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.requestId()).isEqualTo("req-" + i);
        assertThat(apiHeaderById.get("req-" + i)).as("message header of req-%d", i).isEqualTo("req-" + i);
      }
      // The API verticle re-bound the ID in its own context and passed it on to the health verticle.
      for (int i = 1; i < 50; i += 2) {
        assertThat(healthHeaders).containsKey("req-" + i);
      }
    }
  }

  @Test
  void answersUnknownApiPathsAndMethodsWithJsonAndTheRequestId(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject())) {
      Http http = new Http(vertx, gateway.port());
      Http.Response missing = http.get("/api/nope", "X-Request-ID", "api-404");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json()).isEqualTo(new JsonObject().put("detail", "Not Found"));
      assertThat(missing.requestId()).isEqualTo("api-404");
      Http.Response wrongMethod = http.send(http.options(HttpMethod.DELETE, "/api/healthz"), null);
      assertThat(wrongMethod.status()).isEqualTo(405);
      assertThat(wrongMethod.requestId()).isNotBlank();
    }
  }

  @Test
  void limitsApiRequestBodies(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_API_MAX_BODY_BYTES", "8"))) {
      Http http = new Http(vertx, gateway.port());
      Http.Response tooLarge = http.send(http.options(HttpMethod.POST, "/api/x"),
        Buffer.buffer("123456789"), "X-Request-ID", "big-api");
      assertThat(tooLarge.status()).isEqualTo(413);
      assertThat(tooLarge.json().getString("request_id")).isEqualTo("big-api");
      assertThat(tooLarge.requestId()).isEqualTo("big-api");
    }
  }
}
