package io.fluxlit.tracing;

import io.fluxlit.testing.Conditions;
import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** No hook costs nothing and records nothing; a failing hook changes nothing for clients. */
@ExtendWith(VertxExtension.class)
class TracingRobustnessTest {

  private static FixtureUpstream upstream;
  private static TraceHook previous;

  @BeforeAll
  static void start(Vertx vertx) {
    previous = TraceHooks.install(null);
    upstream = new FixtureUpstream(vertx).start();
  }

  @AfterAll
  static void stop() {
    upstream.stop();
  }

  @AfterEach
  void restore() {
    TraceHooks.install(previous);
  }

  @Test
  void withoutAHookTheObserverIsNotCreated() {
    assertThat(TracingObserver.create(null, List.of())).isEmpty();
    Optional<?> observer = TracingObserver.create(new RecordingTraceHook(), List.of());
    assertThat(observer).containsInstanceOf(TracingObserver.class);
  }

  @Test
  void aGatewayStartedWithoutAHookTracesNothingEvenIfOneIsInstalledLater(Vertx vertx) {
    TraceHooks.install(null);
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()))) {
      // No request span observer, so the upstream hooks find no parent either.
      RecordingTraceHook late = new RecordingTraceHook();
      TraceHooks.install(late);
      Http http = new Http(vertx, gateway.port());
      assertThat(get(http, "/page", "X-Request-ID", "untraced").status()).isEqualTo(200);
      assertThat(get(http, "/api/healthz").status()).isEqualTo(200);
      // Spans start before the request goes upstream, so any would be recorded by now.
      assertThat(late.spans).as("nothing is traced").isEmpty();
    }
  }

  @Test
  void aHookThatThrowsEverywhereChangesNothingForClients(Vertx vertx) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TraceHooks.install(new TraceHook() {
      @Override
      public Span start(String name, Map<String, Object> attributes, Span parent) {
        calls.incrementAndGet();
        if (!name.equals(SpanNames.REQUEST)) {
          throw new IllegalStateException("broken exporter");
        }
        return new Span() {
          @Override
          public void setAttribute(String key, Object value) {
            calls.incrementAndGet();
            throw new IllegalStateException("broken attribute");
          }

          @Override
          public void end() {
            calls.incrementAndGet();
            throw new IllegalStateException("broken end");
          }
        };
      }
    });
    try (Gateway gateway = Gateway.start(vertx, new JsonObject().put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url()))) {
      Http http = new Http(vertx, gateway.port());
      // Bounded waits: a hook failure that escaped would leave the request unanswered.
      Http.Response response = get(http, "/page?x=1", "X-Request-ID", "broken-hook");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().getString("uri")).isEqualTo("/page?x=1");
      assertThat(get(http, "/api/healthz").status()).isEqualTo(200);

      WebSocket ws = TestClients.webSocket(vertx).connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(gateway.port()).setURI("/ws")).timeout(10, TimeUnit.SECONDS).await();
      Promise<String> echo = Promise.promise();
      ws.textMessageHandler(echo::tryComplete);
      ws.writeTextMessage("still relayed");
      assertThat(echo.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isEqualTo("still relayed");
      ws.close().await();
      // The hook was really called (request spans, failed upstream spans, failed ends).
      Conditions.waitUntil(() -> calls.get() >= 9, 10, "the hook to be called");
    }
  }

  private static Http.Response get(Http http, String uri, String... headers) {
    return http.sendAsync(http.options(HttpMethod.GET, uri), null, headers).timeout(10, TimeUnit.SECONDS).await();
  }
}
