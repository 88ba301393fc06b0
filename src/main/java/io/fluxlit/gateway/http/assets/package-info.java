/**
 * Compression and the immutable-asset cache on the HTTP hop to Streamlit
 * (docs/performance.md#crowd-first-load): {@link io.fluxlit.gateway.http.assets.ContentCoding}
 * (the negotiation, q-values respected), {@link io.fluxlit.gateway.http.assets.CompressionRules}
 * (which responses Vert.x's HTTP compression may touch), and the cache of Streamlit's hashed
 * bundles: {@link io.fluxlit.gateway.http.assets.CachedAssets} (the vertx-http-proxy interceptor),
 * {@link io.fluxlit.gateway.http.assets.AssetCache} (the bounded store, one per process),
 * {@link io.fluxlit.gateway.http.assets.WorkerBuilds} (which Streamlit build a worker serves).
 */
package io.fluxlit.gateway.http.assets;
