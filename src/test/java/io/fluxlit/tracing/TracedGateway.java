package io.fluxlit.tracing;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.GatewayOverFixture;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real gateway over a fixture upstream for a whole test class, traced by a
 * {@link RecordingTraceHook} installed before the gateway starts (it decides at start whether to
 * trace), as a JUnit 5 extension around a {@link GatewayOverFixture}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TracedGateway TRACED = new TracedGateway();
 * }</pre>
 *
 * Started on a Vert.x of its own before the class's first test; the upstream's recorded requests
 * are cleared before each test; after the last one it is closed and the previous hook restored.
 */
final class TracedGateway implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  final RecordingTraceHook hook = new RecordingTraceHook();
  FixtureUpstream upstream;
  Gateway gateway;
  Http http;
  WebSocketClient ws;
  /** The gateway's lifecycle; this extension only adds the hook around it. */
  private final GatewayOverFixture fixture = GatewayOverFixture.with(new JsonObject()
    .put("FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES", "16")
    .put("FLUXLIT_REDACT_QUERY_KEYS", "token"));
  private TraceHook previous;

  @Override
  public void beforeAll(ExtensionContext context) {
    previous = TraceHooks.install(hook);
    fixture.beforeAll(context);
    upstream = fixture.upstream();
    gateway = fixture.gateway();
    http = fixture.http();
    ws = TestClients.webSocket(fixture.vertx());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    fixture.beforeEach(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      fixture.afterAll(context);
    } finally {
      TraceHooks.install(previous);
    }
  }

  /** @return options to open a WebSocket on {@code uri} through the gateway */
  WebSocketConnectOptions options(String uri) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port()).setURI(uri);
  }
}
