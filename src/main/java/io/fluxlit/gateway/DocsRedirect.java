package io.fluxlit.gateway;

import io.vertx.core.http.HttpMethod;

/**
 * The convenience redirects (docs/architecture.md#differences): {@code GET}/{@code HEAD} on {@code /docs},
 * {@code /redoc} (with or without a trailing slash) and {@code /openapi.json} answer 307 to the
 * same page under the API mount. Also when no upstream is configured (better than answering 502 then).
 */
final class DocsRedirect {

  /** The dispatch paths redirected (vertx-web routes match them with or without a trailing slash). */
  static final String[] PATHS = {"/docs", "/redoc", "/openapi.json"};

  private final String prefix;

  /** @param rules dispatch rules: the redirect target is {@code {root}{mount}/…} */
  DocsRedirect(DispatchRules rules) {
    this.prefix = rules.rootPath() + rules.apiMount();
  }

  /**
   * @param method the request method
   * @param dispatchPath the dispatch path
   * @return the Location to redirect to, or {@code null}
   */
  String location(HttpMethod method, String dispatchPath) {
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return null;
    }
    return switch (dispatchPath) {
      case "/docs", "/docs/" -> prefix + "/docs";
      case "/redoc", "/redoc/" -> prefix + "/redoc";
      case "/openapi.json" -> prefix + "/openapi.json";
      default -> null;
    };
  }
}
