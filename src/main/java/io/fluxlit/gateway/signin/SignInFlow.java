package io.fluxlit.gateway.signin;

import io.fluxlit.exchange.SignIn;
import io.fluxlit.identity.OpenIdProvider;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * The OpenID Connect authorization-code flow, with PKCE S256, {@code state} and {@code nonce}:
 * {@link #start} sends a browser to the provider, {@link #callback} takes it back, and
 * {@link #logout} ends the session here and at the provider. vertx-auth-oauth2 builds the URLs,
 * trades the code (checking the ID token's signature, issuer and audience) and refreshes.
 *
 * <p>Vert.x Web's {@code OAuth2AuthHandler} would do the round trip too, but it sends no nonce,
 * keeps one state per session (two tabs signing in at once fail), takes the page to go back to
 * unchecked, cannot refuse a user outside the allowed lists before the session is made, and
 * needs the provider discovered before the gateway starts: hence this class.
 */
final class SignInFlow {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.signin");

  private final OpenIdProvider provider;
  private final GateSessions sessions;
  private final AccessPolicy policy;
  private final List<String> scopes;
  private final String callbackUrl;
  private final String afterLogoutUrl;
  private final String clientId;

  /**
   * @param provider the provider
   * @param sessions the sessions
   * @param policy who may enter
   * @param scopes the scopes asked for
   * @param publicBaseUrl {@code FLUXLIT_PUBLIC_BASE_URL}, without a trailing slash
   * @param clientId the client ID at the provider (the logout names it)
   */
  SignInFlow(OpenIdProvider provider, GateSessions sessions, AccessPolicy policy, List<String> scopes,
             String publicBaseUrl, String clientId) {
    this.clientId = clientId;
    this.provider = provider;
    this.sessions = sessions;
    this.policy = policy;
    this.scopes = scopes;
    this.callbackUrl = publicBaseUrl + SignInGate.CALLBACK;
    this.afterLogoutUrl = publicBaseUrl + "/";
  }

  /**
   * A browser without a session asked for a page: off to the provider, to come back to it.
   *
   * @param ctx the request
   * @param returnTo the checked page to come back to
   * @param https whether the browser came over https
   */
  void start(RoutingContext ctx, String returnTo, boolean https) {
    OpenIdProvider.onCallersContext(provider.forSignIn()).onComplete(discovered -> {
      if (discovered.failed()) {
        LOG.warn("Sign-in provider unavailable: {}", discovered.cause().toString());
        GateAnswers.refuse(ctx, 503, GateAnswers.PROVIDER_DOWN,
          "Service Unavailable: the sign-in provider cannot be reached; try again shortly", true);
        return;
      }
      PendingSignIns.Pending pending = PendingSignIns.start(ctx.session(), returnTo, System.currentTimeMillis());
      String url = discovered.result().authorizeURL(new OAuth2AuthorizationURL()
        .setRedirectUri(callbackUrl)
        .setScopes(scopes)
        .setState(pending.state())
        .setCodeChallenge(pending.challenge())
        .setCodeChallengeMethod("S256")
        .putAdditionalParameter("nonce", pending.nonce()));
      stored(ctx, https).onComplete(v -> GateAnswers.redirect(ctx, url));
    });
  }

  /**
   * {@code GET /__fluxlit/auth/callback}: the provider sends the browser back with a code.
   *
   * @param ctx the request
   * @param https whether the browser came over https
   */
  void callback(RoutingContext ctx, boolean https) {
    String error = ctx.request().getParam("error");
    Session session = ctx.session();
    PendingSignIns.Pending pending = PendingSignIns.take(session, ctx.request().getParam("state"),
      System.currentTimeMillis());
    // The state is spent whatever happens next: an error page stores the session too (the
    // handler itself stores it only with a 2xx or 3xx), before it is sent.
    Supplier<Future<Void>> spent = () -> pending == null ? Future.succeededFuture() : stored(ctx, https);
    if (error != null) {
      spent.get().onComplete(v -> GateAnswers.refuse(ctx, 403, GateAnswers.PROVIDER_ERROR,
        "Forbidden: the sign-in provider answered " + error.replaceAll("[^A-Za-z0-9_.-]", "?"), true));
      return;
    }
    String code = ctx.request().getParam("code");
    if (code == null || pending == null) {
      spent.get().onComplete(v -> GateAnswers.refuse(ctx, 400, GateAnswers.BAD_STATE,
        "Bad Request: missing code, or a sign-in state that is unknown, expired or already used", true));
      return;
    }
    OpenIdProvider.onCallersContext(provider.auth()
      .compose(auth -> auth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
        .setRedirectUri(callbackUrl).setCodeVerifier(pending.verifier()))))
      .onComplete(done -> {
        if (done.failed()) {
          boolean down = OpenIdProvider.unreachable(done.cause());
          LOG.warn("Sign-in failed at the code exchange: {}", done.cause().toString());
          spent.get().onComplete(v -> GateAnswers.refuse(ctx, down ? 503 : 400,
            down ? GateAnswers.PROVIDER_DOWN : GateAnswers.BAD_CODE, down
            ? "Service Unavailable: the sign-in provider cannot be reached; try again shortly"
            : "Bad Request: the sign-in provider refused the code (used already, or expired)", true));
          return;
        }
        signedIn(ctx, done.result(), pending, spent, https);
      });
  }

  private void signedIn(RoutingContext ctx, User result, PendingSignIns.Pending pending, Supplier<Future<Void>> spent,
                        boolean https) {
    JsonObject idToken = result.attributes().getJsonObject("idToken");
    if (idToken == null || !pending.nonce().equals(idToken.getString("nonce"))) {
      // Not the ID token of the sign-in this browser started: an altered authorization request
      // or a token minted for another sign-in (docs/auth.md#refusals-at-the-callback). Neither value is logged.
      LOG.warn("Sign-in refused: the ID token is missing or does not carry this sign-in's nonce");
      spent.get().onComplete(v -> GateAnswers.refuse(ctx, 400, GateAnswers.BAD_NONCE,
        "Bad Request: the ID token is missing or does not carry this sign-in's nonce", true));
      return;
    }
    SignedInUser user = SignedInUser.ofClaims(idToken);
    Session session = ctx.session();
    if (user.id().isEmpty() || !policy.allows(user)) {
      session.destroy();
      GateAnswers.exchangeOf(ctx).attach(SignIn.USER_ID, user.id().isEmpty() ? null : user.id());
      GateAnswers.refuse(ctx, 403, GateAnswers.NOT_ALLOWED, "Forbidden: " + (user.email().isEmpty()
        ? "this account" : user.email()) + " may not use this app", true);
      return;
    }
    long now = System.currentTimeMillis();
    PendingSignIns.clear(session);
    // A new ID for the signed-in session: a cookie planted before the sign-in opens nothing.
    session.regenerateId();
    sessions.keep(session, SessionRecord.of(user, now, result.principal(), now));
    GateAnswers.exchangeOf(ctx).attach(SignIn.USER_ID, user.id()).attach(SignIn.COMPLETED, true);
    stored(ctx, https).onComplete(v -> GateAnswers.redirect(ctx, pending.returnTo()));
  }

  /**
   * Stores the session now rather than as the answer's head is written (the session handler
   * does not wait for its store there): the browser may come back on another replica of a
   * clustered store before a write begun with the answer would have landed.
   *
   * @return done once stored; a store that fails is logged and the answer goes out all the same
   */
  private Future<Void> stored(RoutingContext ctx, boolean https) {
    return OpenIdProvider.onCallersContext(sessions.flush(ctx, https)).recover(err -> {
      LOG.warn("The sign-in session could not be stored: {}", err.toString());
      return Future.succeededFuture();
    });
  }

  /**
   * {@code /__fluxlit/auth/logout}: the session ends here (a copy of its cookie opens nothing
   * afterwards), then at the provider ({@code end_session_endpoint} with {@code id_token_hint}),
   * which sends the browser back to the app.
   *
   * @param ctx the request
   * @param record the session's record, or {@code null}
   * @param rootPath where to go when there is nothing to end at the provider
   */
  void logout(RoutingContext ctx, SessionRecord record, String rootPath) {
    if (ctx.session() != null) {
      ctx.session().destroy();
    }
    if (record == null) {
      GateAnswers.redirect(ctx, rootPath);
      return;
    }
    OpenIdProvider.onCallersContext(provider.auth()).onComplete(discovered -> {
      if (discovered.failed()) {
        GateAnswers.redirect(ctx, rootPath);
        return;
      }
      String url = discovered.result().endSessionURL(record.asUser(), new JsonObject()
        .put("post_logout_redirect_uri", afterLogoutUrl).put("client_id", clientId));
      GateAnswers.redirect(ctx, url == null ? rootPath : url);
    });
  }
}
