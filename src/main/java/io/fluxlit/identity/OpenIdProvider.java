package io.fluxlit.identity;

import io.fluxlit.config.AuthSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The OpenID provider named by {@code FLUXLIT_AUTH_OIDC_*}, found with vertx-auth-oauth2's
 * discovery ({@code <issuer>/.well-known/openid-configuration}, {@link OpenIDConnectAuth#discover})
 * on first use, not at start-up: a provider that is down when FluxLit starts costs new sign-ins a
 * 503 until it is back, and nothing else. After a failed discovery the next caller tries again,
 * at most once every {@value #RETRY_MS} ms; calls to the provider give up after
 * {@value #CONNECT_TIMEOUT_MS} ms without a connection and {@value #IDLE_TIMEOUT_S} s without a
 * byte. One per verticle instance, so that its HTTP client answers on that instance's event loop.
 */
public final class OpenIdProvider {

  /** The shortest time between two discovery attempts after a failure. */
  public static final long RETRY_MS = 2_000;
  /** Milliseconds to connect to the provider. */
  static final int CONNECT_TIMEOUT_MS = 5_000;
  /** Seconds a call to the provider may stay silent. */
  static final int IDLE_TIMEOUT_S = 30;

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.auth");

  private final Vertx vertx;
  private final AuthSettings settings;
  private final OAuth2Options options;
  private final ProviderCheck check;
  private Future<OAuth2Auth> discovered;
  /** The options discovery filled in (endpoints, key set URL), of the last attempt. */
  private OAuth2Options discoveredOptions;
  private long failedAtMs = Long.MIN_VALUE / 2;

  /**
   * @param vertx the verticle's Vert.x
   * @param settings the provider's settings
   * @param check the last check that the provider answers, shared by the instances of a process
   */
  public OpenIdProvider(Vertx vertx, AuthSettings settings, ProviderCheck check) {
    this.vertx = vertx;
    this.settings = settings;
    this.check = check;
    this.options = new OAuth2Options()
      .setSite(settings.oidcIssuer())
      .setClientId(settings.oidcClientId())
      .setClientSecret(settings.oidcClientSecret().isEmpty() ? null : settings.oidcClientSecret())
      .setHttpClientOptions(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)
        .setIdleTimeout(IDLE_TIMEOUT_S).setReadIdleTimeout(IDLE_TIMEOUT_S));
  }

  /** @return the provider's issuer as configured */
  public String issuer() {
    return settings.oidcIssuer();
  }

  /** @return the discovered provider, discovered now if it was not yet; fails while it cannot be reached */
  public Future<OAuth2Auth> auth() {
    if (discovered != null && (discovered.succeeded() || !discovered.isComplete()
      || System.currentTimeMillis() - failedAtMs < RETRY_MS)) {
      return discovered;
    }
    OAuth2Options attempt = new OAuth2Options(options);
    discoveredOptions = attempt;
    discovered = OpenIDConnectAuth.discover(vertx, attempt)
      .andThen(done -> check.answered(done.succeeded(), System.currentTimeMillis()))
      .onSuccess(auth ->
        // A token signed with a key published after discovery (a rotation): fetch the key set again.
        auth.missingKeyHandler(kid -> auth.jWKSet().onFailure(err ->
          LOG.warn("The OpenID provider's key set cannot be fetched: {}", err.getMessage()))))
      .onFailure(err -> {
        failedAtMs = System.currentTimeMillis();
        LOG.warn("The OpenID provider {} cannot be discovered: {}", settings.oidcIssuer(), err.getMessage());
      });
    return discovered;
  }

  /**
   * The provider for a new sign-in: discovered, and seen answering in the last few seconds (its
   * key set is fetched again, which also picks up rotated keys). A provider that went down after
   * discovery gets the browser a 503 here rather than a dead login page there.
   *
   * @return the provider, or a failure when it cannot be reached
   */
  public Future<OAuth2Auth> forSignIn() {
    return auth().compose(auth -> {
      Boolean recent = check.recent(System.currentTimeMillis());
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
  public OAuth2Auth ifDiscovered() {
    return discovered != null && discovered.succeeded() ? discovered.result() : null;
  }

  /** @return the discovered endpoints (the key set's URL among them) once {@link #auth()} succeeded */
  public Future<OAuth2Options> options() {
    return auth().map(auth -> discoveredOptions);
  }

  /**
   * @param failure why a call to the provider failed
   * @return whether the provider could not be reached (down, unknown host, timed out, closed the
   *     connection), as opposed to an answer refusing the request
   */
  public static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof TimeoutException
        || t instanceof HttpClosedException
        || t instanceof VertxException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")
        || String.valueOf(t.getMessage()).contains("Connection refused")) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param future a call to the provider
   * @param <T> its result
   * @return the same outcome, delivered on the context of the caller (a request's own, where its
   *     exchange is bound): a future made while another request was current (the cached
   *     discovery) would otherwise call back on that request's context
   */
  public static <T> Future<T> onCallersContext(Future<T> future) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(done -> caller.runOnContext(v -> promise.handle(done)));
    return promise.future();
  }

  /** Closes the provider's HTTP client. */
  public void close() {
    OAuth2Auth auth = ifDiscovered();
    if (auth != null) {
      auth.close();
    }
  }
}
