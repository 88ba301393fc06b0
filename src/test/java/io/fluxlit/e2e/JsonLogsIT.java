package io.fluxlit.e2e;

import io.fluxlit.logging.LogFields;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.fluxlit.testing.TestEnvironment;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar with {@code FLUXLIT_LOG_FORMAT=json}: its stdout parsed line by line (docs/observability.md).
 * Every line is a JSON object starting with time, level, logger, message; lines written while
 * a request is handled carry its request_id (gateway access line, API line, proxy warning);
 * secrets from the query and Authorization never appear anywhere.
 */
class JsonLogsIT {

  private static final String SECRET_SID = "sid-SECRET-1";
  private static final String SECRET_CODE = "code-SECRET-2";
  private static final String SECRET_TOKEN = "token-SECRET-3";

  private static Vertx vertx;
  private static FixtureUpstream upstream;

  @BeforeAll
  static void startUpstream() {
    vertx = Vertx.vertx();
    upstream = new FixtureUpstream(vertx).start();
  }

  @AfterAll
  static void stopUpstream() {
    upstream.stop();
    vertx.close().await();
  }

  @Test
  void everyLineIsJsonWithTheRequestIdAndNoSecrets() throws Exception {
    int port = TestEnvironment.freePort();
    try (TestEnvironment.JavaProcess gateway = TestEnvironment.startJava(Map.of(
      "FLUXLIT_GATEWAY_PORT", Integer.toString(port),
      "FLUXLIT_STREAMLIT_UPSTREAM", upstream.url(),
      "FLUXLIT_LOG_FORMAT", "json",
      "FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "1",
      "FLUXLIT_ENABLE_REQUEST_LOGGING", "1",
      "FLUXLIT_GATEWAY_UPSTREAM_READ_TIMEOUT_S", "2"), "-jar", TestEnvironment.fluxlitJar().toString(), "run")) {
      Conditions.waitUntil(() -> gateway.stdout().contains("FluxLit is ready"), 60, "the gateway to start");
      Http http = new Http(vertx, port);
      assertThat(http.get("/page?fluxlit_sid=" + SECRET_SID + "&auth_code=" + SECRET_CODE + "&x=1",
        "X-Request-ID", "json-page", "Authorization", "Bearer " + SECRET_TOKEN).status()).isEqualTo(200);
      http.get("/api/readyz", "X-Request-ID", "json-api");
      assertThat(http.get("/slow", "X-Request-ID", "json-slow").status()).isEqualTo(504);
      WebSocket ws = TestClients.webSocket(vertx).connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/_stcore/stream").addHeader("X-Request-ID", "json-ws")).await();
      ws.close((short) 4000, "bye").await();
      Conditions.waitUntil(() -> gateway.stdout().contains("\"http_method_or_type\":\"websocket\""), 20,
        "the WebSocket access line");

      List<JsonObject> lines = parse(gateway.stdout());
      for (JsonObject line : lines) {
        assertThat(new ArrayList<>(line.fieldNames()).subList(0, 4)).as(line.encode())
          .containsExactlyElementsOf(LogFields.JSON_LOG_BASE_FIELDS);
        assertThat(line.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      }
      JsonObject page = access(lines, "json-page");
      for (String field : LogFields.GATEWAY_ACCESS_LOG_FIELDS) {
        assertThat(page.containsKey(field)).as("%s in %s", field, page.encode()).isTrue();
      }
      assertThat(page.getString("fluxlit_dispatch")).isEqualTo("streamlit");
      assertThat(page.getString("query")).isEqualTo("fluxlit_sid=<redacted>&auth_code=<redacted>&x=1");
      assertThat(page.getInteger("status")).isEqualTo(200);
      assertThat(access(lines, "json-api").getString("fluxlit_dispatch")).isEqualTo("api");
      assertThat(lines).anyMatch(l -> l.getString("logger").equals("fluxlit.api")
        && "json-api".equals(l.getString("request_id")) && l.getString("message").equals("GET /readyz -> 200"));
      assertThat(lines).anyMatch(l -> l.getString("level").equals("WARN")
        && l.getString("message").startsWith("gateway upstream HTTP error") && "json-slow".equals(l.getString("request_id")));
      JsonObject wsLine = access(lines, "json-ws");
      assertThat(wsLine.getString("http_method_or_type")).isEqualTo("websocket");
      assertThat(wsLine.getInteger("close_code")).isEqualTo(4000);

      String all = gateway.output();
      assertThat(all).doesNotContain(SECRET_SID).doesNotContain(SECRET_CODE).doesNotContain(SECRET_TOKEN);
    }
  }

  private static List<JsonObject> parse(String stdout) {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (!line.isBlank()) {
        lines.add(new JsonObject(line));
      }
    }
    return lines;
  }

  private static JsonObject access(List<JsonObject> lines, String requestId) {
    return lines.stream()
      .filter(l -> requestId.equals(l.getString("request_id")) && l.containsKey(LogFields.DISPATCH))
      .findFirst().orElseThrow(() -> new AssertionError("no access line for " + requestId));
  }
}
