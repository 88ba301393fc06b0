/**
 * Server start-up and stop: {@link io.fluxlit.server.FluxLitServer} builds {@code Vertx} (clustered
 * when asked, on the Netty transport {@code TransportChoice} picks from FLUXLIT_GATEWAY_TRANSPORT) and installs {@link io.fluxlit.server.GracefulShutdown};
 * {@link io.fluxlit.server.MainVerticle} deploys the verticles with the typed settings, and the
 * gateway's observers are assembled here ({@code GatewayObservers}).
 */
package io.fluxlit.server;
