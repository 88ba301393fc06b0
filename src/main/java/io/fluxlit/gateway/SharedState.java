package io.fluxlit.gateway;

import io.fluxlit.config.Settings;
import io.fluxlit.gateway.edge.UpstreamConcurrencyLimit;
import io.fluxlit.gateway.http.assets.AssetCache;
import io.fluxlit.gateway.signin.GateProcessState;
import io.fluxlit.gateway.websocket.WebSocketSlots;
import io.fluxlit.logging.RepeatedLines;
import io.vertx.core.Vertx;

/**
 * What the gateway's instances (one per event loop) on one port share: built once by the main
 * verticle and handed to each {@link GatewayVerticle} through its constructor, so that a
 * process-wide limit stays process-wide however many instances there are. Every part is
 * thread-safe.
 *
 * @param upstreamLimit {@code FLUXLIT_GATEWAY_MAX_CONCURRENT_UPSTREAM_HTTP}, or {@code null} when off
 * @param webSocketSlots the WebSocket sessions open, against {@code FLUXLIT_GATEWAY_MAX_WEBSOCKETS}
 * @param webSocketRefusals which refused upgrades are logged at WARN
 * @param rePins which re-pinned browsers are logged at INFO
 * @param debugRing the last dispatches, or {@code null} when debug mode is off
 * @param assetCache Streamlit's immutable bundles kept in memory (empty when the cache is off)
 * @param signIn the sign-in gate's process-wide part: the random cookie key, the provider check
 */
public record SharedState(UpstreamConcurrencyLimit upstreamLimit, WebSocketSlots webSocketSlots,
                          RepeatedLines webSocketRefusals, RepeatedLines rePins, DebugRing debugRing,
                          AssetCache assetCache, GateProcessState signIn) {

  /**
   * @param vertx the process's Vert.x
   * @param settings the resolved settings
   * @return the state of one port's gateway instances
   */
  public static SharedState of(Vertx vertx, Settings settings) {
    return new SharedState(UpstreamConcurrencyLimit.of(vertx, settings.edge()), new WebSocketSlots(),
      new RepeatedLines(), new RepeatedLines(), settings.observability().debug() ? new DebugRing() : null,
      AssetCache.of(settings.assets()), new GateProcessState());
  }
}
