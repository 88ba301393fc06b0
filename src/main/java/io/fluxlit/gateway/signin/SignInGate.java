package io.fluxlit.gateway.signin;

import io.fluxlit.config.AuthSettings;
import io.fluxlit.config.Settings;
import io.fluxlit.exchange.Dispatch;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.SignIn;
import io.fluxlit.exchange.RoutedPath;
import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.identity.OpenIdProvider;
import io.fluxlit.identity.ReturnPath;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The sign-in gate on the gateway's router (docs/auth.md#the-sign-in-gate), two steps after the
 * exchange is built: {@link #loadSession} (identity headers a client sent are dropped; the
 * session is loaded unless the path is public) and {@link #decide}. A request with a session
 * goes on carrying its user ({@link SignedInUser#KEY}, the exchange's {@code user} label, the
 * {@link IdentityHeaders}); a browser opening a page without one is sent to sign in; a script
 * or a WebSocket upgrade without one gets 401; an API call goes on to the API verticle's own
 * check (a bearer token, or the session's user). The gateway's endpoints {@value #CALLBACK}, {@value #LOGOUT} and
 * {@value #USERINFO} are answered here.
 */
public final class SignInGate {

  public static final String CALLBACK = "/__fluxlit/auth/callback";
  public static final String LOGOUT = "/__fluxlit/auth/logout";
  public static final String USERINFO = "/__fluxlit/auth/userinfo";

  /** Every reason the gate refuses a request for: the {@code reason} label of the refusal metric (docs/metrics.md). */
  public static final List<String> REFUSAL_REASONS = List.of(GateAnswers.NO_SESSION, GateAnswers.NOT_ALLOWED,
    GateAnswers.BAD_STATE, GateAnswers.BAD_CODE, GateAnswers.BAD_NONCE, GateAnswers.PROVIDER_ERROR, GateAnswers.PROVIDER_DOWN);

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.signin");
  private static final String HTTPS = "fluxlit.signin.https";

  private final OpenIdProvider provider;
  private final GateSessions sessions;
  private final AccessPolicy policy;
  private final SignInFlow flow;
  private final PublicPaths publicPaths;
  private final ForwardedHeaders forwarded;
  private final String rootPath;

  /**
   * @param vertx the gateway instance's Vert.x
   * @param auth the sign-in settings ({@link AuthSettings#gateEnabled()})
   * @param publicPaths the paths that never need a session
   * @param forwarded the trusted forwarding headers (is the browser on https?)
   * @param rootPath the public sub-path, or the empty string
   * @param process what the gate's instances in this process share
   */
  SignInGate(Vertx vertx, AuthSettings auth, PublicPaths publicPaths, ForwardedHeaders forwarded,
                    String rootPath, GateProcessState process) {
    this.provider = new OpenIdProvider(vertx, auth, process.providerCheck());
    this.sessions = new GateSessions(process.sessionStore(vertx), auth, rootPath.isEmpty() ? "/" : rootPath,
      process.cookieSecret());
    this.policy = AccessPolicy.of(auth);
    this.flow = new SignInFlow(provider, sessions, policy, auth.oidcScopes(), auth.publicBaseUrl(), auth.oidcClientId());
    this.publicPaths = publicPaths;
    this.forwarded = forwarded;
    this.rootPath = rootPath;
  }

  /**
   * @param vertx the gateway instance's Vert.x
   * @param settings the settings
   * @param scrapePath the scrape's path when the public port serves it, else {@code null}
   * @param forwarded the trusted forwarding headers
   * @param process what the gate's instances in this process share (built once per process)
   * @return the gate, or with {@code FLUXLIT_AUTH_GATE} off or no issuer, a gate that only drops
   *     the identity headers a client sent
   */
  public static SignInGate of(Vertx vertx, Settings settings, String scrapePath, ForwardedHeaders forwarded,
                              GateProcessState process) {
    AuthSettings auth = settings.auth();
    return auth.gateEnabled() ? new SignInGate(vertx, auth, new PublicPaths(scrapePath, auth.publicPaths()),
      forwarded, settings.gateway().rootPath(), process) : new SignInGate();
  }

  /** A gate that is off. */
  private SignInGate() {
    this.provider = null;
    this.sessions = null;
    this.policy = null;
    this.flow = null;
    this.publicPaths = null;
    this.forwarded = null;
    this.rootPath = "";
  }

  /** @return the gate's steps, in order (off: one, which drops the identity headers a client sent) */
  public List<Handler<RoutingContext>> handlers() {
    if (provider == null) {
      return List.of(ctx -> {
        IdentityHeaders.strip(ctx.request().headers());
        ctx.next();
      });
    }
    return List.of(this::loadSession, this::decide);
  }

  private void loadSession(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    IdentityHeaders.strip(request.headers());
    Exchange exchange = Exchange.current();
    GateAnswers.keepExchange(ctx, exchange);
    if (publicPaths.isPublic(exchange.route(), request.method())) {
      exchange.attach(SignIn.PUBLIC_PATH, true);
      ctx.next();
      return;
    }
    boolean https = forwarded.isPublicHttps(request);
    ctx.put(HTTPS, https);
    // The session handler pauses the request while the store answers, then calls decide().
    sessions.load(ctx, https);
  }

  private void decide(RoutingContext ctx) {
    Exchange exchange = GateAnswers.exchangeOf(ctx);
    if (exchange.get(SignIn.PUBLIC_PATH) != null) {
      ctx.next();
      return;
    }
    RoutedPath route = exchange.route();
    String path = route.dispatchPath();
    boolean endpoint = route.dispatch() == Dispatch.STREAMLIT && path.startsWith("/__fluxlit/auth/");
    if (endpoint && path.equals(CALLBACK) && ctx.request().method() == HttpMethod.GET) {
      flow.callback(ctx, ctx.get(HTTPS));
      return;
    }
    long now = System.currentTimeMillis();
    SessionRecord record = sessions.signedIn(ctx.session(), now);
    if (endpoint && path.equals(LOGOUT)) {
      flow.logout(ctx, record, rootPath.isEmpty() ? "/" : rootPath + "/");
      return;
    }
    if (record == null) {
      withoutSession(ctx, route, endpoint);
      return;
    }
    if (!policy.allows(record.user())) {
      // The allowed lists changed since this session began (a clustered store outlives a restart).
      ctx.session().destroy();
      GateAnswers.refuse(ctx, 403, GateAnswers.NOT_ALLOWED, "Forbidden: this account may not use this app", true);
      return;
    }
    if (record.accessExpired(now) && record.refreshable()) {
      refresh(ctx, record, now);
    } else {
      pass(ctx, record.user());
    }
  }

  private void withoutSession(RoutingContext ctx, RoutedPath route, boolean endpoint) {
    HttpServerRequest request = ctx.request();
    if (route.dispatch() == Dispatch.API) {
      // The API verticle decides: behind the gate every route but the probes needs a bearer
      // token or this session's user, and it answers 401 in the API's own words
      // (docs/auth.md#jwt-on-the-api).
      ctx.next();
    } else if (!endpoint && RequestKind.isNavigation(request)) {
      flow.start(ctx, ReturnPath.orElse(request.uri(), rootPath.isEmpty() ? "/" : rootPath + "/"), ctx.get(HTTPS));
    } else {
      GateAnswers.refuse(ctx, 401, GateAnswers.NO_SESSION, "Unauthorized: sign in first (no session)", false);
    }
  }

  /**
   * The access token expired: the provider's refresh token gets a new one. A provider that
   * refuses ends the session; one that cannot be reached leaves it open until it expires.
   */
  private void refresh(RoutingContext ctx, SessionRecord record, long now) {
    // Held while the provider answers: the proxy must find the request (its body, its end) unread.
    ctx.request().pause();
    OpenIdProvider.onCallersContext(provider.auth().compose(auth -> auth.refresh(record.asUser())))
      .onComplete(done -> {
        ctx.request().resume();
        if (done.succeeded()) {
          SessionRecord next = record.refreshed(done.result().principal(), now);
          if (ctx.session() != null && !ctx.session().isDestroyed()) {
            sessions.keep(ctx.session(), next);
          }
          pass(ctx, next.user());
        } else if (OpenIdProvider.unreachable(done.cause()) || provider.ifDiscovered() == null) {
          LOG.debug("Token refresh failed, provider unreachable; the session stays open: {}", done.cause().toString());
          pass(ctx, record.user());
        } else {
          LOG.info("The sign-in provider refused to refresh a session, which ends: {}", done.cause().toString());
          ctx.session().destroy();
          withoutSession(ctx, GateAnswers.exchangeOf(ctx).route(), false);
        }
      });
  }

  private void pass(RoutingContext ctx, SignedInUser user) {
    Exchange exchange = GateAnswers.exchangeOf(ctx);
    exchange.attach(SignedInUser.KEY, user);
    exchange.attach(SignIn.USER_ID, user.id());
    if (exchange.route().dispatch() == Dispatch.STREAMLIT && exchange.route().dispatchPath().equals(USERINFO)) {
      GateAnswers.noStore(ctx).putHeader("content-type", "application/json").end(user.toJson().encode());
      return;
    }
    IdentityHeaders.write(ctx.request().headers(), user);
    ctx.next();
  }

  /** Closes the provider's HTTP client. */
  public void close() {
    if (provider != null) {
      provider.close();
    }
  }
}
