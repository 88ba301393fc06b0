package io.fluxlit.gateway.http.assets;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The two answers made from a cached bundle, written into a proxy response (a fresh one on a hit,
 * Streamlit's own on the miss that filled the cache): the bundle in one coding, or {@code 304}.
 * Both carry Streamlit's validators and {@code Cache-Control}, and {@code Vary: Accept-Encoding}
 * when the type is compressed at all.
 */
final class AssetResponses {

  private AssetResponses() {
  }

  static void full(ProxyResponse response, CachedAsset asset, ContentCoding coding, Buffer sent) {
    MultiMap headers = common(response.setStatusCode(200), asset);
    if (asset.etag() != null) {
      headers.set(HttpHeaders.ETAG, coding == null ? asset.etag() : ConditionalRequest.weak(asset.etag()));
    }
    if (coding != null) {
      headers.set(HttpHeaders.CONTENT_ENCODING, coding.token());
    }
    response.setBody(body(asset.contentType(), sent));
  }

  static void notModified(ProxyResponse response, CachedAsset asset) {
    MultiMap headers = common(response.setStatusCode(304), asset);
    if (asset.etag() != null) {
      headers.set(HttpHeaders.ETAG, asset.etag());
    }
    headers.remove(HttpHeaders.CONTENT_TYPE);
    response.setBody(null);
  }

  private static MultiMap common(ProxyResponse response, CachedAsset asset) {
    response.setStatusMessage(null);
    MultiMap headers = response.headers();
    headers.remove(HttpHeaders.CONTENT_LENGTH).remove(HttpHeaders.CONTENT_ENCODING).remove(HttpHeaders.ETAG)
      .remove(HttpHeaders.TRANSFER_ENCODING);
    headers.set(HttpHeaders.CACHE_CONTROL, asset.cacheControl());
    if (asset.lastModified() != null) {
      headers.set(HttpHeaders.LAST_MODIFIED, asset.lastModified());
    }
    if (asset.compressible()) {
      CompressionRules.varyOnAcceptEncoding(headers);
    }
    return headers;
  }

  /**
   * Streamlit's exact {@code Content-Type}: the proxy takes it from the body, and the
   * {@code MediaType} overload would respell it; the {@code String} one keeps it as it is.
   */
  private static Body body(String contentType, Buffer bytes) {
    return Body.body(Body.body(bytes).stream(), bytes.length(), contentType);
  }
}
