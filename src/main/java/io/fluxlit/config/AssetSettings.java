package io.fluxlit.config;

/**
 * Response compression and the immutable-asset cache (docs/performance.md#crowd-first-load).
 *
 * @param compression whether text responses are compressed (br, zstd, gzip)
 * @param cache whether Streamlit's immutable bundles are kept and answered from memory
 * @param cacheMaxBytes most bytes the cache holds, every encoding counted
 */
public record AssetSettings(boolean compression, boolean cache, long cacheMaxBytes) {

  static AssetSettings from(SettingValues values) {
    return new AssetSettings(values.get(Setting.FLUXLIT_GATEWAY_COMPRESSION),
      values.get(Setting.FLUXLIT_GATEWAY_ASSET_CACHE), values.get(Setting.FLUXLIT_GATEWAY_ASSET_CACHE_MAX_BYTES));
  }
}
