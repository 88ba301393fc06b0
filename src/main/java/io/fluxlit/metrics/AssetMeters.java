package io.fluxlit.metrics;

import io.fluxlit.gateway.http.assets.AssetCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;

import static io.fluxlit.metrics.MetricsCatalog.ASSET_CACHE_BYTES;
import static io.fluxlit.metrics.MetricsCatalog.ASSET_CACHE_BYTES_SAVED_TOTAL;
import static io.fluxlit.metrics.MetricsCatalog.ASSET_CACHE_HITS_TOTAL;
import static io.fluxlit.metrics.MetricsCatalog.ASSET_CACHE_MISSES_TOTAL;
import static io.fluxlit.metrics.MetricsCatalog.descriptor;
import static io.fluxlit.metrics.Meters.micrometerName;

/** The asset cache's series, read from the process's {@link AssetCache} at each scrape. */
final class AssetMeters {

  private AssetMeters() {
  }

  static void register(MeterRegistry registry, AssetCache cache) {
    counter(registry, cache, ASSET_CACHE_HITS_TOTAL, AssetCache::hits);
    counter(registry, cache, ASSET_CACHE_MISSES_TOTAL, AssetCache::misses);
    counter(registry, cache, ASSET_CACHE_BYTES_SAVED_TOTAL, AssetCache::bytesSaved);
    Gauge.builder(micrometerName(ASSET_CACHE_BYTES), cache, AssetCache::bytes)
      .description(descriptor(ASSET_CACHE_BYTES).help())
      .strongReference(true)
      .register(registry);
  }

  private static void counter(MeterRegistry registry, AssetCache cache, String name, ToDoubleFunction<AssetCache> count) {
    FunctionCounter.builder(micrometerName(name), cache, count)
      .description(descriptor(name).help())
      .register(registry);
  }
}
