package io.fluxlit.gateway.http.assets;

import io.vertx.core.buffer.Buffer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One immutable bundle of one Streamlit build: the headers that describe it and its body, as
 * Streamlit sent it and compressed once per coding (each made the first time a browser asks for
 * it). Thread-safe: every gateway event loop reads it.
 *
 * @param contentType Streamlit's {@code Content-Type}
 * @param cacheControl Streamlit's {@code Cache-Control} ({@code public, immutable, ...})
 * @param etag Streamlit's {@code ETag}, or {@code null}
 * @param lastModified Streamlit's {@code Last-Modified}, or {@code null}
 * @param identity the body as Streamlit sent it
 * @param compressible whether its type is worth compressing
 */
record CachedAsset(String contentType, String cacheControl, String etag, String lastModified, Buffer identity,
                   boolean compressible, Map<ContentCoding, CompletableFuture<Buffer>> variants) {

  CachedAsset(String contentType, String cacheControl, String etag, String lastModified, Buffer identity,
              boolean compressible) {
    this(contentType, cacheControl, etag, lastModified, identity, compressible, new EnumMap<>(ContentCoding.class));
  }

  /**
   * @param coding a coding
   * @param compress makes the variant (runs once per coding, the first caller's)
   * @return the variant, made or being made
   */
  CompletableFuture<Buffer> variant(ContentCoding coding, java.util.function.Supplier<CompletableFuture<Buffer>> compress) {
    CompletableFuture<Buffer> made;
    boolean mine = false;
    synchronized (variants) {
      made = variants.get(coding);
      if (made == null) {
        made = new CompletableFuture<>();
        variants.put(coding, made);
        mine = true;
      }
    }
    if (mine) {
      CompletableFuture<Buffer> result = made;
      compress.get().whenComplete((body, err) -> {
        if (err != null) {
          synchronized (variants) {
            variants.remove(coding);
          }
          result.completeExceptionally(err);
        } else {
          result.complete(body);
        }
      });
    }
    return made;
  }
}
