/**
 * One request, and what may watch it: the per-request carrier {@link io.fluxlit.exchange.Exchange}
 * (request ID, dispatch decision, timings) bound to the request's duplicated context, and the
 * observer SPI ({@link io.fluxlit.exchange.ExchangeObserver}) that the access log, metrics and
 * tracing implement. Depends on no other FluxLit package.
 */
package io.fluxlit.exchange;
