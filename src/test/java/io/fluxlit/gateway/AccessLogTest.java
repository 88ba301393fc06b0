package io.fluxlit.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fluxlit.logging.LogFields;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.RawWebSocketPeer;
import io.fluxlit.testing.TestClients;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway access line (docs/observability.md) as Logback really receives it. */
@ExtendWith(VertxExtension.class)
class AccessLogTest {

  private static Optional<ILoggingEvent> line(CapturedLogs logs, String requestId) {
    return logs.events().stream()
      .filter(e -> e.getFormattedMessage().startsWith("gateway ") && requestId.equals(CapturedLogs.fields(e).get(LogFields.REQUEST_ID)))
      .findFirst();
  }

  @Test
  void writesOneInfoLinePerCompletedRequestWithTheStableFields(Vertx vertx) {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "1")
           .put("FLUXLIT_REDACT_QUERY_KEYS", "api_key"));
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.INFO)) {
      Http http = new Http(vertx, gateway.port());
      http.get("/page?fluxlit_sid=s3cret&api_key=k3y&x=1", "X-Request-ID", "acc-1");
      http.get("/api/healthz", "X-Request-ID", "acc-2");
      Conditions.waitUntil(() -> line(logs, "acc-1").isPresent() && line(logs, "acc-2").isPresent(), 10, "access lines");

      ILoggingEvent proxied = line(logs, "acc-1").orElseThrow();
      assertThat(proxied.getLevel()).isEqualTo(Level.INFO);
      Map<String, Object> fields = CapturedLogs.fields(proxied);
      assertThat(fields.keySet()).containsAll(LogFields.GATEWAY_ACCESS_LOG_FIELDS);
      assertThat(fields.get(LogFields.DISPATCH)).isEqualTo("streamlit");
      assertThat(fields.get(LogFields.METHOD_OR_TYPE)).isEqualTo("GET");
      assertThat(fields.get(LogFields.PATH)).isEqualTo("/page");
      assertThat(fields.get(LogFields.QUERY)).isEqualTo("fluxlit_sid=<redacted>&api_key=<redacted>&x=1");
      assertThat(fields.get(LogFields.STATUS)).isEqualTo(200);
      assertThat((Long) fields.get(LogFields.BYTES_SENT)).isPositive();
      assertThat((Double) fields.get(LogFields.DURATION_MS)).isGreaterThanOrEqualTo(0.0);
      assertThat(proxied.getFormattedMessage()).startsWith("gateway GET /page?").contains("request_id=acc-1")
        .doesNotContain("s3cret").doesNotContain("k3y");

      assertThat(CapturedLogs.fields(line(logs, "acc-2").orElseThrow()).get(LogFields.DISPATCH)).isEqualTo("api");
      assertThat(logs.events().stream().filter(e -> "acc-1".equals(CapturedLogs.fields(e).get(LogFields.REQUEST_ID))))
        .as("exactly one line per request").hasSize(1);
    }
  }

  @Test
  void logsAWebSocketSessionWhenItClosesWithTheCloseCode(Vertx vertx) throws Exception {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "1"));
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.INFO)) {
      WebSocket ws = TestClients.webSocket(vertx).connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(gateway.port()).setURI("/_stcore/stream").addHeader("X-Request-ID", "ws-acc")).await();
      assertThat(line(logs, "ws-acc")).as("no line while the session is open").isEmpty();
      ws.close((short) 4000, "done").await();
      Conditions.waitUntil(() -> line(logs, "ws-acc").isPresent(), 10, "the WebSocket access line");
      Map<String, Object> fields = CapturedLogs.fields(line(logs, "ws-acc").orElseThrow());
      assertThat(fields.get(LogFields.METHOD_OR_TYPE)).isEqualTo("websocket");
      assertThat(fields.get(LogFields.STATUS)).isEqualTo(101);
      assertThat(fields.get(LogFields.CLOSE_CODE)).isEqualTo((short) 4000);
    }
  }

  @Test
  void aWebSocketDroppedWithoutACloseFrameKeepsItsUpgradeAndCloseCode(Vertx vertx) throws Exception {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "1"));
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.INFO)) {
      // Both ends of the connection race to end the exchange when it drops: try it a few times.
      for (int i = 0; i < 5; i++) {
        String id = "ws-drop-" + i;
        RawWebSocketPeer peer = RawWebSocketPeer.connect(gateway.port(), "/_stcore/stream?id=" + id, 65536, true, id);
        peer.sendText("hello");
        peer.close(); // the TCP connection goes, no close frame
        Conditions.waitUntil(() -> line(logs, id).isPresent(), 10, "the access line of " + id);
        Map<String, Object> fields = CapturedLogs.fields(line(logs, id).orElseThrow());
        assertThat(fields.get(LogFields.STATUS)).as(id).isEqualTo(101);
        assertThat(fields.get(LogFields.CLOSE_CODE)).as(id).isEqualTo((short) 1006);
      }
    }
  }

  @Test
  void logsAtDebugUnlessEnabledAndNeverForScrapesOrTheDebugSnapshot(Vertx vertx) {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject());
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.DEBUG)) {
      Http http = new Http(vertx, gateway.port());
      http.get("/api/healthz", "X-Request-ID", "dbg-1");
      http.get("/__fluxlit/debug", "X-Request-ID", "dbg-2");
      Conditions.waitUntil(() -> line(logs, "dbg-1").isPresent(), 10, "the DEBUG access line");
      assertThat(line(logs, "dbg-1").orElseThrow().getLevel()).isEqualTo(Level.DEBUG);
      assertThat(line(logs, "dbg-2")).isEmpty();
      List<ILoggingEvent> info = logs.events().stream().filter(e -> e.getLevel() == Level.INFO
        && e.getFormattedMessage().startsWith("gateway ")).toList();
      assertThat(info).isEmpty();
    }
  }
}
