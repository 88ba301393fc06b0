package io.fluxlit.gateway.websocket;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.TestClients;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which WebSocket upgrades get through (docs/architecture.md#the-websocket-hop): cross-site ones get 403 unless
 * allowed, upgrades beyond {@code FLUXLIT_GATEWAY_MAX_WEBSOCKETS} get 503, both naming the
 * request ID; refusals are logged once per origin per minute.
 */
@ExtendWith(VertxExtension.class)
class WebSocketGateTest {

  private static FixtureUpstream upstream;
  private static Gateway gateway;
  private static WebSocketClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    upstream = new FixtureUpstream(vertx).start();
    gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()));
    client = TestClients.webSocket(vertx);
  }

  @AfterAll
  static void stop() {
    gateway.stop();
    upstream.stop();
  }

  private static WebSocketConnectOptions options(Gateway to, String... headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(to.port())
      .setURI("/_stcore/stream");
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return options;
  }

  private static void opens(Gateway to, String... headers) {
    WebSocket ws = client.connect(options(to, headers)).await();
    ws.close().await();
  }

  private static void refused(Gateway to, int status, String requestId, String... headers) {
    List<String> all = new ArrayList<>(List.of(headers));
    all.add("X-Request-ID");
    all.add(requestId);
    int before = upstream.webSocketHandshakes().size();
    assertThatThrownBy(() -> client.connect(options(to, all.toArray(new String[0]))).await())
      .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> {
        assertThat(e.getStatus()).isEqualTo(status);
        assertThat(e.getHeaders().get("x-request-id")).isEqualTo(requestId);
        assertThat(e.getBody().toString()).contains("X-Request-ID: " + requestId);
      });
    assertThat(upstream.webSocketHandshakes()).as("Streamlit was not contacted").hasSize(before);
  }

  @Test
  void noOriginAndTheGatewaysOwnOriginPass() {
    opens(gateway);
    opens(gateway, "Origin", "http://127.0.0.1:" + gateway.port());
    opens(gateway, "Origin", "HTTP://127.0.0.1:" + gateway.port() + "/");
  }

  @Test
  void aForeignOriginGets403AndOneWarningPerMinute() {
    try (CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.DEBUG)) {
      for (int i = 0; i < 5; i++) {
        refused(gateway, 403, "xsite-" + i, "Origin", "https://evil.example");
      }
      refused(gateway, 403, "xsite-port", "Origin", "http://127.0.0.1:1");
      refused(gateway, 403, "xsite-scheme", "Origin", "https://127.0.0.1:" + gateway.port());
      refused(gateway, 403, "xsite-null", "Origin", "null");
      List<String> warnings = logs.events().stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(warnings.stream().filter(w -> w.contains("Origin https://evil.example "))).hasSize(1);
      assertThat(warnings).hasSize(4);
      assertThat(logs.lines()).anyMatch(line -> line.startsWith("request_id=xsite-0 ") && line.contains("refused"));
    }
  }

  @Test
  void listedOriginsAndTheWildcardPass(Vertx vertx) {
    try (Gateway listed = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS", "https://app.example.com, http://localhost:3000"));
         Gateway any = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_GATEWAY_WS_ALLOWED_ORIGINS", "*"))) {
      opens(listed, "Origin", "https://app.example.com");
      opens(listed, "Origin", "http://localhost:3000");
      opens(listed, "Origin", "http://127.0.0.1:" + listed.port());
      refused(listed, 403, "listed-other", "Origin", "https://other.example.com");
      opens(any, "Origin", "https://evil.example");
    }
  }

  @Test
  void behindATrustedProxyThePublicOriginIsTheForwardedOne(Vertx vertx) {
    try (Gateway proxied = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_TRUST_PROXY", "true"))) {
      opens(proxied, "Origin", "https://public.example", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "public.example");
      opens(proxied, "Origin", "https://public.example:8443", "X-Forwarded-Proto", "https",
        "X-Forwarded-Host", "public.example", "X-Forwarded-Port", "8443");
      refused(proxied, 403, "proxied-http", "Origin", "http://public.example", "X-Forwarded-Proto", "https",
        "X-Forwarded-Host", "public.example");
      // Untrusted forwarding headers are ignored: the peer's own Host decides.
      refused(gateway, 403, "untrusted", "Origin", "https://public.example", "X-Forwarded-Proto", "https",
        "X-Forwarded-Host", "public.example");
    }
  }

  @Test
  void upgradesBeyondTheLimitGet503WithRetryAfter(Vertx vertx) {
    try (Gateway limited = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_GATEWAY_MAX_WEBSOCKETS", "2"))) {
      WebSocket first = client.connect(options(limited)).await();
      WebSocket second = client.connect(options(limited)).await();
      assertThatThrownBy(() -> client.connect(options(limited, "X-Request-ID", "shed-1")).await())
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> {
          assertThat(e.getStatus()).isEqualTo(503);
          assertThat(e.getHeaders().get("retry-after")).isEqualTo(WebSocketGate.RETRY_AFTER_S);
          assertThat(e.getHeaders().get("x-request-id")).isEqualTo("shed-1");
          assertThat(e.getBody().toString()).contains("FLUXLIT_GATEWAY_MAX_WEBSOCKETS").contains("X-Request-ID: shed-1");
        });
      first.close().await();
      // The slot comes back when the session has ended on both sides.
      Conditions.waitUntil(() -> {
        try {
          client.connect(options(limited)).await().close().await();
          return true;
        } catch (UpgradeRejectedException e) {
          return false;
        }
      }, 10, "a slot to be free again after a session closed");
      second.close().await();
    }
  }
}
