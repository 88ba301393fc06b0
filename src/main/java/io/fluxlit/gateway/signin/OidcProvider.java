package io.fluxlit.gateway.signin;

import io.fluxlit.config.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * The OpenID provider, found by discovery ({@code <issuer>/.well-known/openid-configuration},
 * vertx-auth-oauth2's {@link OpenIDConnectAuth#discover}) on first use, not at start: a provider
 * that is down when the gateway starts costs new sign-ins a 503 until it is back, and nothing
 * else. A failed discovery is tried again by the next sign-in. One per gateway instance, so that
 * its HTTP client answers on the instance's own event loop.
 */
final class OidcProvider {

  /** Seconds to connect to the provider before a sign-in gets 503. */
  private static final int CONNECT_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final OAuth2Options options;
  private final ProviderCheck check;
  private Future<OAuth2Auth> discovered;

  /**
   * @param vertx the gateway instance's Vert.x
   * @param auth the sign-in settings
   * @param check the process's last check that the provider answers
   */
  OidcProvider(Vertx vertx, AuthSettings auth, ProviderCheck check) {
    this.vertx = vertx;
    this.check = check;
    this.options = new OAuth2Options()
      .setSite(auth.oidcIssuer())
      .setClientId(auth.oidcClientId())
      .setClientSecret(auth.oidcClientSecret().isEmpty() ? null : auth.oidcClientSecret())
      .setHttpClientOptions(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setIdleTimeout(30).setReadIdleTimeout(30));
  }

  /** @return the provider, discovered now if it was not yet (or the last attempt failed) */
  Future<OAuth2Auth> get() {
    if (discovered == null || discovered.failed()) {
      discovered = OpenIDConnectAuth.discover(vertx, new OAuth2Options(options))
        .andThen(done -> check.answered(done.succeeded(), System.currentTimeMillis()));
    }
    return discovered;
  }

  /**
   * The provider for a new sign-in: discovered, and seen answering in the last few seconds by any gateway instance (its
   * key set is fetched again, which also picks up rotated keys). A provider that went down after
   * discovery gets the browser a 503 page here rather than a dead login page there.
   *
   * @return the provider, or a failure when it cannot be reached
   */
  Future<OAuth2Auth> forSignIn() {
    return get().compose(auth -> {
      long now = System.currentTimeMillis();
      Boolean recent = check.recent(now);
      if (recent != null) {
        return recent ? Future.succeededFuture(auth) : Future.failedFuture("the sign-in provider did not answer");
      }
      return auth.jWKSet()
        .map(v -> {
          check.answered(true, System.currentTimeMillis());
          return auth;
        })
        .onFailure(e -> check.answered(false, System.currentTimeMillis()));
    });
  }

  /** @return the provider when it was discovered, else {@code null} (nothing is tried) */
  OAuth2Auth ifDiscovered() {
    return discovered != null && discovered.succeeded() ? discovered.result() : null;
  }

  /**
   * @param failure why a call to the provider failed
   * @return whether the provider could not be reached (down, unknown host, timed out), as opposed
   *     to an answer refusing the request
   */
  static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof TimeoutException
        || t instanceof io.vertx.core.http.HttpClosedException
        || t instanceof VertxException && String.valueOf(t.getMessage()).toLowerCase().contains("timeout")) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param future a call to the provider
   * @param <T> its result
   * @return the same outcome, delivered on the context of the caller (the request's own, where
   *     its exchange is bound): a future made while another request was current (the cached
   *     discovery) would otherwise call back on that request's context
   */
  static <T> Future<T> onCallersContext(Future<T> future) {
    io.vertx.core.Context caller = Vertx.currentContext();
    if (caller == null) {
      return future;
    }
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    future.onComplete(done -> caller.runOnContext(v -> promise.handle(done)));
    return promise.future();
  }

  /** Closes the provider's HTTP client. */
  void close() {
    OAuth2Auth auth = ifDiscovered();
    if (auth != null) {
      auth.close();
    }
  }
}
