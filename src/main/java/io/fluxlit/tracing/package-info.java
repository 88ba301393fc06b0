/**
 * Tracing (docs/tracing.md): the no-dependency {@link io.fluxlit.tracing.TraceHook} that receives
 * the gateway's spans, how the active hook is chosen ({@link io.fluxlit.tracing.TraceHooks}:
 * installed programmatically or found through {@code ServiceLoader}, once, when the gateway is
 * assembled), the span and attribute names ({@link io.fluxlit.tracing.SpanNames}), and the
 * gateway glue: the request span as an exchange observer, the upstream HTTP and WebSocket spans
 * for the proxy and the relay, found on the exchange. With no hook nothing here runs on the
 * request path.
 *
 * <p>OpenTelemetry is not a dependency; {@code examples/otel-tracing} bridges the hook to it.
 */
package io.fluxlit.tracing;
