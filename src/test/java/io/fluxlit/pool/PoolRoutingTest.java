package io.fluxlit.pool;

import ch.qos.logback.classic.Level;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestEnvironment;
import io.fluxlit.testing.TestClients;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing over a pool of two real HTTP upstreams ({@code FLUXLIT_STREAMLIT_UPSTREAM} as a list):
 * cookie-less requests spread and are pinned by a cookie that names no host or port; a pinned
 * browser stays; an unknown cookie, or a worker that is down, is re-pinned; readiness follows
 * {@code FLUXLIT_STREAMLIT_MIN_READY_WORKERS} and lists the workers.
 */
@ExtendWith(VertxExtension.class)
class PoolRoutingTest {

  private static final Pattern COOKIE = Pattern.compile("fluxlit_worker=([0-9a-f]{16}); Path=([^;]+); HttpOnly; SameSite=Lax", Pattern.CASE_INSENSITIVE);

  @Test
  void spreadsPinsAndRePins(Vertx vertx) {
    try (FixtureUpstream a = new FixtureUpstream(vertx).start();
         FixtureUpstream b = new FixtureUpstream(vertx).start();
         CapturedLogs logs = new CapturedLogs("fluxlit.pool", Level.INFO);
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", a.url() + "," + b.url())
           .put("FLUXLIT_READINESS_PROBE_TIMEOUT_S", "2"))) {
      Http http = new Http(vertx, gateway.port());

      Http.Response first = http.get("/page");
      boolean firstOnA = a.requestsTo("/page") == 1;
      Http.Response second = http.get("/page");
      assertThat(a.requestsTo("/page")).as("cookie-less requests spread: one each").isEqualTo(1);
      assertThat(b.requestsTo("/page")).isEqualTo(1);
      String cookieA = cookie(firstOnA ? first : second);
      String pinnedToB = cookie(firstOnA ? second : first);
      assertThat(cookieA).isNotEqualTo(pinnedToB);
      String setCookie = first.headers().get("set-cookie");
      assertThat(setCookie).doesNotContain(Integer.toString(a.port())).doesNotContain(Integer.toString(b.port()))
        .doesNotContain("127.0.0.1");

      int before = b.requestsTo("/page");
      for (int i = 0; i < 5; i++) {
        Http.Response pinned = http.get("/page", "Cookie", "fluxlit_worker=" + pinnedToB);
        assertThat(pinned.status()).isEqualTo(200);
        assertThat(pinned.headers().get("set-cookie")).as("a pinned browser is not pinned again").isNull();
      }
      assertThat(b.requestsTo("/page") - before).as("a pinned browser stays on its worker").isEqualTo(5);

      Http.Response unknown = http.get("/page", "Cookie", "fluxlit_worker=0123456789abcdef");
      assertThat(unknown.status()).isEqualTo(200);
      assertThat(cookie(unknown)).isIn(cookieA, pinnedToB);
      assertThat(logs.lines()).anyMatch(l -> l.contains("pool: browser re-pinned from an unknown worker"));
      for (int i = 0; i < 5; i++) { // a page's other requests, re-pinned at once: no INFO line each
        http.get("/page", "Cookie", "fluxlit_worker=0123456789abcdef");
      }
      assertThat(logs.lines().stream().filter(l -> l.contains("pool: browser re-pinned from an unknown worker")).count())
        .as("one INFO line per pair of workers a minute").isLessThanOrEqualTo(2);

      JsonObject ready = http.get("/api/readyz").json();
      assertThat(ready.getString("status")).isEqualTo("ready");
      assertThat(ready.getInteger("ready_workers")).isEqualTo(2);
      assertThat(ready.getJsonArray("workers")).hasSize(2);

      b.stop();
      // The periodic probe finds it down; readiness with one of two up is still 200 (min 1).
      Conditions.waitUntil(() -> logs.lines().stream().anyMatch(l -> l.contains("pool: worker u2") && l.contains("is down")),
        10, "u2 found down");
      JsonObject degraded = http.get("/api/readyz").json();
      assertThat(degraded.getString("status")).isEqualTo("ready");
      assertThat(degraded.getInteger("ready_workers")).isEqualTo(1);
      int onA = a.requestsTo("/page");
      Http.Response moved = http.get("/page", "Cookie", "fluxlit_worker=" + pinnedToB);
      assertThat(moved.status()).as("the browser of a worker that is down is served by the other").isEqualTo(200);
      assertThat(a.requestsTo("/page")).isEqualTo(onA + 1);
      assertThat(cookie(moved)).as("and re-pinned").isNotEqualTo(pinnedToB);
    }
  }

  /**
   * Streamlit's page reconnects its WebSocket by itself when its worker is lost, without a page
   * load: the 101 must carry the new pin, or the session's uploads would still name the lost one.
   */
  @Test
  void aWebSocketWithoutAKnownCookieIsPinnedByIts101(Vertx vertx) {
    try (FixtureUpstream a = new FixtureUpstream(vertx).start();
         FixtureUpstream b = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", a.url() + "," + b.url()))) {
      WebSocketClient client = TestClients.webSocket(vertx);
      for (String cookie : new String[] {null, "fluxlit_worker=0123456789abcdef"}) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port())
          .setURI("/_stcore/stream").addSubProtocol("streamlit");
        if (cookie != null) {
          options.addHeader("Cookie", cookie);
        }
        WebSocket ws = client.connect(options).await();
        List<String> setCookies = ws.headers().getAll("set-cookie");
        ws.close().await();
        assertThat(setCookies).as("the 101's Set-Cookie, cookie sent: %s", cookie)
          .anyMatch(header -> COOKIE.matcher(header).find());
      }
      client.close().await();
    }
  }

  @Test
  void readinessNeedsTheMinimumOfReadyWorkers(Vertx vertx) {
    try (FixtureUpstream a = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", a.url() + ",http://127.0.0.1:" + TestEnvironment.freePort())
           .put("FLUXLIT_STREAMLIT_MIN_READY_WORKERS", "2")
           .put("FLUXLIT_ROOT_PATH", "/myapp"))) {
      Http http = new Http(vertx, gateway.port());
      Http.Response readyz = http.get("/api/readyz");
      assertThat(readyz.status()).isEqualTo(503);
      assertThat(readyz.json().getString("detail")).startsWith("1 of 2 workers up, 2 needed: u2.1: ");
      assertThat(readyz.json().getJsonArray("workers").stream().map(w -> ((JsonObject) w).getString("state")).toList())
        .containsExactly("up", "down");
      Http.Response page = http.get("/myapp/page");
      assertThat(page.status()).isEqualTo(200);
      Matcher m = COOKIE.matcher(page.headers().get("set-cookie"));
      assertThat(m.find()).isTrue();
      assertThat(m.group(2)).as("the cookie's path is the root path").isEqualTo("/myapp");
    }
  }

  @Test
  void aSingleUpstreamSetsNoCookieAndAnswersReadinessAsBefore(Vertx vertx) {
    try (FixtureUpstream a = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", a.url()))) {
      Http http = new Http(vertx, gateway.port());
      assertThat(http.get("/page").headers().get("set-cookie")).isNull();
      assertThat(http.get("/api/readyz").json()).isEqualTo(new JsonObject().put("status", "ready").put("streamlit", "ok"));
    }
  }

  private static String cookie(Http.Response response) {
    List<String> all = response.headers().getAll("set-cookie");
    for (String header : all) {
      Matcher m = COOKIE.matcher(header);
      if (m.find()) {
        assertThat(m.group(2)).isEqualTo("/");
        return m.group(1);
      }
    }
    throw new AssertionError("no affinity cookie in " + all);
  }
}
