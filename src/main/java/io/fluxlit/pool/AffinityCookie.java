package io.fluxlit.pool;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The cookie that pins a browser to one worker, so that its page, its WebSocket, its uploads
 * ({@code PUT /_stcore/upload_file/<session>/…}) and its media ({@code /media/…}, kept in that
 * process's memory) reach the same Streamlit process. HttpOnly (the page's scripts have no use
 * for it), SameSite=Lax, a session cookie, scoped to the public root path; its value is the
 * worker's random {@link Worker#id()}, which names no host or port.
 */
public final class AffinityCookie {

  /** The cookie's name. */
  public static final String NAME = "fluxlit_worker";

  private AffinityCookie() {
  }

  /**
   * @param request a request
   * @return the affinity value it carries, or {@code null}
   */
  public static String read(HttpServerRequest request) {
    Cookie cookie = request.getCookie(NAME);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  /**
   * Sets the cookie on the request's response (written with its head: the proxied answer, or the
   * WebSocket's 101).
   *
   * @param request the request being answered
   * @param worker the worker it is pinned to
   * @param rootPath the public sub-path, or the empty string
   */
  public static void pin(HttpServerRequest request, Worker worker, String rootPath) {
    Cookie cookie = Cookie.cookie(NAME, worker.id())
      .setPath(rootPath.isEmpty() ? "/" : rootPath)
      .setHttpOnly(true)
      .setSameSite(CookieSameSite.LAX);
    if (request.canUpgradeToWebSocket()) {
      // Vert.x writes a WebSocket's 101 from the response headers without its cookie jar.
      request.response().headers().add(HttpHeaders.SET_COOKIE, cookie.encode());
    } else {
      request.response().addCookie(cookie);
    }
  }
}
