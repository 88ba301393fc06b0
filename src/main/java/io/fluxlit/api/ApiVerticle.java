package io.fluxlit.api;

import io.fluxlit.bus.Addresses;
import io.fluxlit.api.auth.AcceptedIssuers;
import io.fluxlit.api.auth.BearerTokens;
import io.fluxlit.api.auth.BffEndpoints;
import io.fluxlit.config.AuthSettings;
import io.fluxlit.config.Settings;
import io.fluxlit.identity.OpenIdProvider;
import io.fluxlit.identity.ProviderCheck;
import io.fluxlit.vertx.VertxInternals;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Answers every request under the API mount, reached only over the event bus
 * ({@link Addresses#API_REQUEST}). This class only assembles the parts and registers their
 * consumers: {@link ApiDispatcher} answers requests with {@link BuiltInRoutes} or
 * {@link ExtensionForwarder}; {@link RouteTable} keeps the routes extensions announce on
 * {@link Addresses#API_ROUTES}; {@link InFlightExtensionRequests} hears cluster departures on
 * {@link Addresses#CLUSTER_MEMBER_LEFT}.
 */
public final class ApiVerticle extends VerticleBase {

  private final Settings settings;
  private final RouteTable routes = new RouteTable(ExtensionProtocol.STALE_AFTER_MS);

  /** @param settings the resolved settings */
  public ApiVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    String openApiServer = settings.gateway().rootPath() + settings.api().mount();
    InFlightExtensionRequests inFlight = new InFlightExtensionRequests(context, VertxInternals.clusterManager(vertx));
    AuthSettings auth = settings.auth();
    OpenIdProvider provider = auth.oidcEnabled() ? new OpenIdProvider(vertx, auth, new ProviderCheck()) : null;
    RouteGuard guard = new RouteGuard(new BearerTokens(AcceptedIssuers.of(vertx, auth, provider)), auth.gateEnabled());
    ExtensionForwarder extensions = new ExtensionForwarder(vertx, routes, inFlight, settings.api().timeoutMs(), guard);
    // Registrations come from every JVM of a clustered bus: a cluster-wide consumer.
    var registrations = vertx.eventBus().<JsonObject>consumer(Addresses.API_ROUTES,
      m -> routes.apply(m.body(), System.currentTimeMillis()));
    var membersLeaving = vertx.eventBus().<String>localConsumer(Addresses.CLUSTER_MEMBER_LEFT, m -> inFlight.memberLeft());
    // Reading the Swagger UI files is blocking: a worker does it, once, before requests are taken.
    Future<Void> requests = vertx.executeBlocking(() -> SwaggerUi.load(openApiServer)).compose(swaggerUi -> {
      ApiDispatcher dispatcher = new ApiDispatcher(new BuiltInRoutes(vertx, openApiServer, swaggerUi, routes), extensions,
        settings.observability().requestLogging(), guard,
        auth.bffEnabled() ? new BffEndpoints(vertx, provider, auth, settings.api().mount()) : null);
      return vertx.eventBus().<JsonObject>localConsumer(Addresses.API_REQUEST, dispatcher::answer).completion();
    });
    return Future.all(List.of(requests, registrations.completion(), membersLeaving.completion()))
      // Extensions that started first announce their routes again.
      .onSuccess(v -> vertx.eventBus().publish(Addresses.API_ROUTES_SYNC, new JsonObject()));
  }
}
