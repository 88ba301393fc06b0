package io.fluxlit.gateway.http.assets;

import io.fluxlit.config.AssetSettings;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The process's store of immutable bundles, keyed by Streamlit build and path, bounded in bytes
 * ({@code FLUXLIT_GATEWAY_ASSET_CACHE_MAX_BYTES}, every coding counted); the least recently used
 * bundle goes first. One per process, built once and shared by the gateway instances; thread-safe.
 *
 * <p>Its own rather than vertx-http-proxy's cache ({@code ProxyOptions.setCacheOptions}), which
 * is bounded in entries, not bytes, keys by the public URL alone (so one build's bundle would be
 * served for another's worker), keeps only the identity body (every hit compressed again, or sent
 * uncompressed), answers no {@code If-None-Match}, and sends every concurrent miss to the origin
 * (a crowd arriving after a deploy all miss at once). Here concurrent misses for one bundle wait
 * for the first one's answer ({@link #fill}).
 */
public final class AssetCache {

  private final long maxBytes;
  private final long maxEntryBytes;
  /** Guarded by itself; access order, so the eldest is the least recently used. */
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final ConcurrentHashMap<String, CompletableFuture<CachedAsset>> filling = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder bytesSaved = new LongAdder();
  private long bytes;

  private static final class Entry {
    final CachedAsset asset;
    long size;

    Entry(CachedAsset asset) {
      this.asset = asset;
      this.size = asset.identity().length();
    }
  }

  AssetCache(long maxBytes) {
    this.maxBytes = maxBytes;
    this.maxEntryBytes = Math.max(1, maxBytes / 4);
  }

  /**
   * @param settings the asset settings
   * @return an empty cache bounded by {@code FLUXLIT_GATEWAY_ASSET_CACHE_MAX_BYTES}
   */
  public static AssetCache of(AssetSettings settings) {
    return new AssetCache(settings.cacheMaxBytes());
  }

  /** @return the largest body kept */
  long maxEntryBytes() {
    return maxEntryBytes;
  }

  /**
   * @param key build and path
   * @return the cached bundle (now the most recently used), or {@code null}
   */
  CachedAsset get(String key) {
    synchronized (entries) {
      Entry entry = entries.get(key);
      return entry == null ? null : entry.asset;
    }
  }

  /**
   * A miss: the first caller for a key gets {@code null} and must fetch the bundle, then
   * {@link #filled} or {@link #abandoned}; later callers get the first one's answer to wait for.
   *
   * @param key build and path
   * @param mine this caller's promise, kept when it is the first
   * @return the first caller's promise, or {@code null} when this caller is the first
   */
  CompletableFuture<CachedAsset> fill(String key, CompletableFuture<CachedAsset> mine) {
    return filling.putIfAbsent(key, mine);
  }

  /** The first caller stores what it fetched; the waiters get it. */
  void filled(String key, CompletableFuture<CachedAsset> mine, CachedAsset asset) {
    synchronized (entries) {
      Entry old = entries.put(key, new Entry(asset));
      bytes += asset.identity().length() - (old == null ? 0 : old.size);
      evict();
    }
    filling.remove(key, mine);
    mine.complete(asset);
  }

  /** The first caller's answer cannot be kept: each waiter asks Streamlit itself. */
  void abandoned(String key, CompletableFuture<CachedAsset> mine) {
    filling.remove(key, mine);
    mine.complete(null);
  }

  /** A compressed variant of a cached bundle was made: it counts against the bound. */
  void grew(String key, CachedAsset asset, long size) {
    synchronized (entries) {
      Entry entry = entries.get(key);
      if (entry != null && entry.asset == asset) {
        entry.size += size;
        bytes += size;
        evict();
      }
    }
  }

  private void evict() {
    Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= eldest.next().getValue().size;
      eldest.remove();
    }
  }

  void hit(long saved) {
    hits.increment();
    bytesSaved.add(saved);
  }

  void miss() {
    misses.increment();
  }

  void saved(long saved) {
    bytesSaved.add(saved);
  }

  /** @return requests answered from the cache (including 304s) */
  public long hits() {
    return hits.sum();
  }

  /** @return cacheable requests that had to ask Streamlit */
  public long misses() {
    return misses.sum();
  }

  /** @return bytes not sent thanks to the cache: its compressed variants and its 304s, against Streamlit's bodies */
  public long bytesSaved() {
    return bytesSaved.sum();
  }

  /** @return bytes held now, every coding counted */
  public long bytes() {
    synchronized (entries) {
      return bytes;
    }
  }
}
