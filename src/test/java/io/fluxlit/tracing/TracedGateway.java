package io.fluxlit.tracing;

import io.fluxlit.testing.FixtureUpstream;
import io.fluxlit.testing.Gateway;
import io.fluxlit.testing.Http;
import io.fluxlit.testing.TestClients;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

/**
 * A real gateway over a fixture upstream, traced by a {@link RecordingTraceHook} installed before
 * the gateway starts (it decides at start whether to trace); closing it restores the previous hook.
 */
final class TracedGateway implements AutoCloseable {

  final RecordingTraceHook hook = new RecordingTraceHook();
  final FixtureUpstream upstream;
  final Gateway gateway;
  final Http http;
  final WebSocketClient ws;
  private final TraceHook previous;

  TracedGateway(Vertx vertx) {
    previous = TraceHooks.install(hook);
    upstream = new FixtureUpstream(vertx).start();
    gateway = Gateway.start(vertx, new JsonObject()
      .put("FLUXLIT_STREAMLIT_UPSTREAM", upstream.url())
      .put("FLUXLIT_GATEWAY_MAX_PROXY_REQUEST_BODY_BYTES", "16")
      .put("FLUXLIT_REDACT_QUERY_KEYS", "token"));
    http = new Http(vertx, gateway.port());
    ws = TestClients.webSocket(vertx);
  }

  @Override
  public void close() {
    gateway.stop();
    upstream.stop();
    TraceHooks.install(previous);
  }
}
