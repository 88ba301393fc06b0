package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * Keeps one extension instance's routes known to every API verticle: announces them at start,
 * every {@link ExtensionProtocol#HEARTBEAT_MS} and whenever an API verticle asks on
 * {@link Addresses#API_ROUTES_SYNC}, so start order does not matter and JVMs may come and go on a
 * clustered event bus; withdraws them at stop.
 */
final class RouteAnnouncer {

  private final Vertx vertx;
  private final String owner = UUID.randomUUID().toString();
  private final JsonObject announcement;
  private MessageConsumer<JsonObject> sync;
  private long heartbeat = -1;

  /**
   * @param vertx the extension verticle's Vert.x
   * @param address where requests for the routes go
   * @param routes the routes ({@link ExtensionProtocol#route})
   */
  RouteAnnouncer(Vertx vertx, String address, List<JsonObject> routes) {
    this.vertx = vertx;
    this.announcement = ExtensionProtocol.register(owner, address, routes);
  }

  /** @return completes once the first announcement is out and the heartbeat runs */
  Future<Void> start() {
    sync = vertx.eventBus().consumer(Addresses.API_ROUTES_SYNC, m -> announce());
    return sync.completion().map(v -> {
      announce();
      heartbeat = vertx.setPeriodic(ExtensionProtocol.HEARTBEAT_MS, id -> announce());
      return null;
    });
  }

  /** @return completes when the routes are withdrawn and the sync consumer is gone */
  Future<Void> stop() {
    vertx.cancelTimer(heartbeat);
    vertx.eventBus().publish(Addresses.API_ROUTES, ExtensionProtocol.unregister(owner));
    return sync == null ? Future.succeededFuture() : sync.unregister();
  }

  private void announce() {
    vertx.eventBus().publish(Addresses.API_ROUTES, announcement);
  }
}
