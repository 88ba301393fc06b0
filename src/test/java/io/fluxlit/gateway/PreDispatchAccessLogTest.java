package io.fluxlit.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.fluxlit.logging.LogFields;
import io.fluxlit.testing.CapturedLogs;
import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers the gateway gives before it dispatches a request (the CORS preflight, the framing rule's
 * 501, the router's 400 for a missing Host, the 400/414/431 for a request Vert.x cannot parse)
 * still get their access line (docs/observability.md: one for every request).
 */
@ExtendWith(VertxExtension.class)
class PreDispatchAccessLogTest {

  private static List<Map<String, Object>> lines(CapturedLogs logs, Predicate<Map<String, Object>> which) {
    return logs.events().stream()
      .filter(e -> e.getFormattedMessage().startsWith("gateway "))
      .map(CapturedLogs::fields)
      .filter(which)
      .toList();
  }

  private static Map<String, Object> lineOf(CapturedLogs logs, String requestId) {
    Conditions.waitUntil(() -> !lines(logs, f -> requestId.equals(f.get(LogFields.REQUEST_ID))).isEmpty(), 10,
      "the access line of " + requestId);
    List<Map<String, Object>> found = lines(logs, f -> requestId.equals(f.get(LogFields.REQUEST_ID)));
    assertThat(found).as("one line for " + requestId).hasSize(1);
    return found.get(0);
  }

  @Test
  void corsPreflightsAndRefusedFramingGetTheirLine(Vertx vertx) throws Exception {
    try (FixtureUpstream upstream = new FixtureUpstream(vertx).start();
         Gateway gateway = Gateway.start(vertx, new JsonObject()
           .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
           .put("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "1")
           .put("FLUXLIT_CORS_ALLOW_ORIGINS", "https://app.example"));
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.INFO)) {
      Http http = new Http(vertx, gateway.port());
      Http.Response allowed = http.send(http.options(HttpMethod.OPTIONS, "/api/thing"), null,
        "Origin", "https://app.example", "Access-Control-Request-Method", "POST", "X-Request-ID", "pre-ok");
      assertThat(allowed.status()).isEqualTo(204);
      Http.Response foreign = http.send(http.options(HttpMethod.OPTIONS, "/api/thing"), null,
        "Origin", "https://evil.example", "Access-Control-Request-Method", "POST", "X-Request-ID", "pre-403");
      assertThat(foreign.status()).isEqualTo(403);
      String refused = Http.raw(gateway.port(), "POST /page HTTP/1.1\r\nHost: x\r\nX-Request-ID: te-501\r\n"
        + "Transfer-Encoding: gzip\r\n\r\n");
      assertThat(refused).startsWith("HTTP/1.1 501");

      Map<String, Object> preflight = lineOf(logs, "pre-ok");
      assertThat(preflight.get(LogFields.STATUS)).isEqualTo(204);
      assertThat(preflight.get(LogFields.DISPATCH)).isEqualTo("api");
      assertThat(preflight.get(LogFields.METHOD_OR_TYPE)).isEqualTo("OPTIONS");
      assertThat(preflight.get(LogFields.PATH)).isEqualTo("/api/thing");
      assertThat(lineOf(logs, "pre-403").get(LogFields.STATUS)).isEqualTo(403);
      Map<String, Object> framing = lineOf(logs, "te-501");
      assertThat(framing.get(LogFields.STATUS)).isEqualTo(501);
      assertThat(framing.get(LogFields.DISPATCH)).isEqualTo("streamlit");
      assertThat(framing.get(LogFields.PATH)).isEqualTo("/page");
      assertThat(upstream.requestCount()).as("Streamlit never saw the refused request").isZero();
    }
  }

  @Test
  void requestsRefusedBeforeTheRouteGetTheirLine(Vertx vertx) throws Exception {
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_ENABLE_GATEWAY_ACCESS_LOG", "1"));
         CapturedLogs logs = new CapturedLogs("fluxlit.gateway", Level.INFO)) {
      String noHost = Http.raw(gateway.port(), "GET /api/healthz HTTP/1.1\r\nX-Request-ID: no-host\r\n\r\n");
      assertThat(noHost).startsWith("HTTP/1.1 400");
      Map<String, Object> router = lineOf(logs, "no-host");
      assertThat(router.get(LogFields.STATUS)).isEqualTo(400);
      assertThat(router.get(LogFields.DISPATCH)).isEqualTo("api");
      assertThat(router.get(LogFields.PATH)).isEqualTo("/api/healthz");

      String twoLengths = Http.raw(gateway.port(), "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
        + "Content-Length: 2\r\n\r\nab");
      assertThat(twoLengths).startsWith("HTTP/1.1 400");
      String id = requestIdOf(twoLengths);
      Map<String, Object> invalid = lineOf(logs, id);
      assertThat(invalid.get(LogFields.STATUS)).isEqualTo(400);
      assertThat(invalid.get(LogFields.METHOD_OR_TYPE)).isEqualTo("POST");
      assertThat(invalid.get(LogFields.PATH)).isEqualTo("/form");

      String longLine = Http.raw(gateway.port(), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(longLine).startsWith("HTTP/1.0 414"); // the decoder's placeholder request is HTTP/1.0
      assertThat(lineOf(logs, requestIdOf(longLine)).get(LogFields.STATUS)).isEqualTo(414);
    }
  }

  private static String requestIdOf(String rawAnswer) {
    for (String line : rawAnswer.split("\r\n")) {
      if (line.toLowerCase().startsWith("x-request-id:")) {
        return line.substring("x-request-id:".length()).trim();
      }
    }
    throw new AssertionError("no X-Request-ID in " + rawAnswer);
  }
}
