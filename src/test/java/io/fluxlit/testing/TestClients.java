package io.fluxlit.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * WebSocket clients for tests that stay reachable. Vert.x 5 closes a client created outside a
 * verticle once it is garbage-collected, connections included: a client used inline
 * ({@code vertx.createWebSocketClient().connect(...)}) can vanish mid-handshake under GC
 * pressure, which made tests flaky. Clients made here are kept until their Vert.x closes.
 */
public final class TestClients {

  private static final List<WebSocketClient> KEPT = new CopyOnWriteArrayList<>();

  private TestClients() {
  }

  /** @param vertx the test's Vert.x @return a WebSocket client that is not collected early */
  public static WebSocketClient webSocket(Vertx vertx) {
    WebSocketClient client = vertx.createWebSocketClient();
    KEPT.add(client);
    return client;
  }
}
