package io.fluxlit.gateway;

import ch.qos.logback.classic.Level;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Debug mode (docs/observability.md): the snapshot, the ring, 404 when off, the mount rule. */
@ExtendWith(VertxExtension.class)
class DebugModeTest {

  @Test
  void servesTheSnapshotWithTheLast32Dispatches(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_DEBUG", "1"));
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.DEBUG)) {
      Http http = new Http(vertx, gateway.port());
      for (int i = 0; i < 40; i++) {
        http.get("/api/healthz?fluxlit_sid=x", "X-Request-ID", "ring-" + i);
      }
      Http.Response response = http.get("/__fluxlit/debug", "X-Request-ID", "snap");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get("content-type")).isEqualTo("application/json; charset=utf-8");
      JsonObject snapshot = response.json();
      assertThat(snapshot.fieldNames())
        .containsExactlyInAnyOrder("fluxlit_debug", "gateway", "settings", "streamlit_upstream_env", "recent_dispatches");
      assertThat(snapshot.getBoolean("fluxlit_debug")).isTrue();
      assertThat(snapshot.getJsonObject("gateway")).isEqualTo(new JsonObject().put("api_prefix", "/api").put("root_mount", ""));
      assertThat(snapshot.getString("streamlit_upstream_env")).isEqualTo("unset");
      assertThat(snapshot.getJsonObject("settings").getString("FLUXLIT_DEBUG")).isEqualTo("1");
      JsonArray ring = snapshot.getJsonArray("recent_dispatches");
      assertThat(ring).hasSize(32);
      // Oldest first; the snapshot request itself is the newest entry.
      assertThat(ring.getJsonObject(0).getString("request_id")).isEqualTo("ring-9");
      assertThat(ring.getJsonObject(31)).isEqualTo(new JsonObject()
        .put("request_id", "snap").put("dispatch", "streamlit").put("path", "/__fluxlit/debug"));
      assertThat(logs.events()).anyMatch(e -> e.getFormattedMessage()
        .equals("fluxlit debug split path_in=/api/healthz mount= api_path=/healthz streamlit_path=/api/healthz"));
      // Debug mode turns the access log up to INFO.
      assertThat(logs.events()).anyMatch(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().startsWith("gateway GET"));
    }
  }

  @Test
  void answers404WhenDebugIsOff(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject())) {
      Http.Response response = new Http(vertx, gateway.port()).get("/__fluxlit/debug");
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.requestId()).isNotBlank();
    }
  }

  @Test
  void leavesThePathToTheApiWhenItLiesUnderTheMount(Vertx vertx) {
    try (CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.WARN)) {
      try (Gateway gateway = Gateway.start(vertx, new JsonObject()
        .put("FLUXLIT_DEBUG", "1")
        .put("FLUXLIT_API_MOUNT_PATH", "/__fluxlit"))) {
        Http.Response response = new Http(vertx, gateway.port()).get("/__fluxlit/debug");
        // The API answers (its JSON 404), not the debug snapshot.
        assertThat(response.json()).isEqualTo(new JsonObject().put("detail", "Not Found"));
        assertThat(logs.events()).anyMatch(e -> e.getLevel() == Level.WARN
          && e.getFormattedMessage().contains("/__fluxlit/debug lies under the API mount /__fluxlit"));
      }
    }
  }
}
