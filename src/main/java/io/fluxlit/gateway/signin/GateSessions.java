package io.fluxlit.gateway.signin;

import io.fluxlit.config.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;


/**
 * The gate's sessions: Vert.x Web's {@link SessionHandler} over one store for the whole process
 * ({@link GateProcessState#sessionStore}: a {@link ClusteredSessionStore} on the Hazelcast cluster
 * when clustered, so every replica knows every session; a {@link LocalSessionStore} otherwise,
 * shared by the gateway instances). The cookie holds only the session's random ID, signed with
 * {@code FLUXLIT_AUTH_COOKIE_SECRET} (a changed byte makes it no session), HttpOnly,
 * SameSite=Lax, Secure when the browser reached us over https. The store's timeout is the idle
 * lifetime; the absolute one is checked against the sign-in time kept in the session.
 */
final class GateSessions {

  /** The session cookie's name. */
  static final String COOKIE = "fluxlit_session";
  /** Where a signed-in session keeps its user and tokens ({@link SessionRecord}). */
  private static final String SIGNED_IN = "fluxlit.signed_in";

  private final SessionHandler plain;
  private final SessionHandler secure;
  private final long maxMs;

  /**
   * @param store the process's session store
   * @param auth the sign-in settings
   * @param cookiePath the cookie's path: the public sub-path, or {@code /}
   * @param processSecret the process's random cookie key, used when {@code FLUXLIT_AUTH_COOKIE_SECRET} is empty
   */
  GateSessions(SessionStore store, AuthSettings auth, String cookiePath, String processSecret) {
    String secret = auth.cookieSecret().isEmpty() ? processSecret : auth.cookieSecret();
    this.plain = handler(store, secret, auth.sessionIdleMs(), cookiePath, false);
    this.secure = handler(store, secret, auth.sessionIdleMs(), cookiePath, true);
    this.maxMs = auth.sessionMaxMs();
  }

  private static SessionHandler handler(SessionStore store, String secret, long idleMs, String path, boolean secure) {
    return SessionHandler.create(store)
      .setSessionCookieName(COOKIE)
      .setSessionCookiePath(path)
      .setSessionTimeout(idleMs)
      .setCookieHttpOnlyFlag(true)
      .setCookieSameSite(CookieSameSite.LAX)
      .setCookieSecureFlag(secure)
      .setSigningSecret(secret)
      // No session (and no cookie) for requests that never use one: assets, refused scripts.
      .setLazySession(true);
  }

  /**
   * @param ctx the request
   * @param https whether the browser reached the gateway over https
   */
  void load(RoutingContext ctx, boolean https) {
    (https ? secure : plain).handle(ctx);
  }

  /**
   * Stores the session now, whatever the response's status will be (the handler stores it only
   * for 2xx and 3xx, and without waiting for the store): a spent sign-in state stays spent after
   * an error page, and a browser sent away comes back to a stored session.
   *
   * @param ctx the request
   * @param https whether the browser reached the gateway over https
   * @return done once the store has it
   */
  Future<Void> flush(RoutingContext ctx, boolean https) {
    return (https ? secure : plain).flush(ctx, true);
  }

  /**
   * @param session the request's session, may be {@code null}
   * @param nowMs the current time
   * @return its signed-in record, or {@code null} (none, or past the absolute lifetime: then the
   *     session is destroyed)
   */
  SessionRecord signedIn(Session session, long nowMs) {
    if (session == null) {
      return null;
    }
    JsonObject json = session.get(SIGNED_IN);
    if (json == null) {
      return null;
    }
    SessionRecord record = SessionRecord.of(json);
    if (nowMs - record.signedInAtMs() >= maxMs) {
      session.destroy();
      return null;
    }
    return record;
  }

  /**
   * @param session the request's session
   * @param record what to keep
   */
  void keep(Session session, SessionRecord record) {
    session.put(SIGNED_IN, record.toJson());
  }
}
