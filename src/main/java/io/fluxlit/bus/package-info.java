/**
 * The event bus as FluxLit uses it: every address ({@link io.fluxlit.bus.Addresses}) and the
 * interceptors that carry the request ID across it ({@link io.fluxlit.bus.RequestIdInterceptors}).
 */
package io.fluxlit.bus;
