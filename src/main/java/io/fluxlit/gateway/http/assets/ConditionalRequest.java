package io.fluxlit.gateway.http.assets;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Whether a browser's copy of a cached bundle is current (RFC 9110 §13.1): {@code If-None-Match}
 * compared weakly with the bundle's {@code ETag} (its compressed variants carry the weak form of
 * it) and, only without it, {@code If-Modified-Since} against {@code Last-Modified}.
 */
final class ConditionalRequest {

  private ConditionalRequest() {
  }

  /**
   * @param request the browser's request
   * @param asset the cached bundle
   * @return whether {@code 304 Not Modified} is the answer
   */
  static boolean notModified(HttpServerRequest request, CachedAsset asset) {
    String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      if (asset.etag() == null) {
        return false;
      }
      String ours = opaque(asset.etag());
      for (String candidate : ifNoneMatch.split(",")) {
        String tag = candidate.trim();
        if (tag.equals("*") || opaque(tag).equals(ours)) {
          return true;
        }
      }
      return false;
    }
    String ifModifiedSince = request.getHeader(HttpHeaders.IF_MODIFIED_SINCE);
    if (ifModifiedSince == null || asset.lastModified() == null) {
      return false;
    }
    try {
      ZonedDateTime since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
      ZonedDateTime modified = ZonedDateTime.parse(asset.lastModified().trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
      return !modified.isAfter(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** @return the tag without its weak prefix */
  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  /**
   * @param etag a strong or weak entity tag
   * @return its weak form, for a compressed variant
   */
  static String weak(String etag) {
    return etag.startsWith("W/") ? etag : "W/" + etag;
  }
}
