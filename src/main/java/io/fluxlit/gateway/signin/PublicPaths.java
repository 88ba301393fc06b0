package io.fluxlit.gateway.signin;

import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.RoutedPath;
import io.vertx.core.http.HttpMethod;

import java.util.List;

/**
 * The paths that never need a session: the API's probes, the BFF endpoints
 * {@code <api>/auth/login}, {@code /callback} and {@code /exchange} (they sign in by themselves), the metrics scrape when the public port
 * serves it, and {@code FLUXLIT_AUTH_PUBLIC_PATHS} (exact, or a prefix with a trailing
 * {@code *}), compared with the path without the public sub-path.
 */
final class PublicPaths {

  private static final java.util.Set<String> BFF = java.util.Set.of("/auth/login", "/auth/callback", "/auth/exchange");

  private final String scrapePath;
  private final List<String> exact;
  private final List<String> prefixes;

  /**
   * @param scrapePath the scrape's path when the public port serves it, else {@code null}
   * @param configured {@code FLUXLIT_AUTH_PUBLIC_PATHS}
   */
  PublicPaths(String scrapePath, List<String> configured) {
    this.scrapePath = scrapePath;
    this.exact = configured.stream().filter(p -> !p.endsWith("*")).toList();
    this.prefixes = configured.stream().filter(p -> p.endsWith("*")).map(p -> p.substring(0, p.length() - 1)).toList();
  }

  /**
   * @param route the dispatch decision
   * @param method the method
   * @return whether the request needs no session
   */
  boolean isPublic(RoutedPath route, HttpMethod method) {
    if (route.dispatch() == Dispatch.API) {
      String api = route.apiPath();
      if (api.equals("/healthz") || api.equals("/readyz") || BFF.contains(api)) {
        return true;
      }
    } else if (method == HttpMethod.GET && route.dispatchPath().equals(scrapePath)) {
      return true;
    }
    String path = route.dispatchPath();
    return exact.contains(path) || prefixes.stream().anyMatch(path::startsWith);
  }
}
