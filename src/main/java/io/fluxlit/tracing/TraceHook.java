package io.fluxlit.tracing;

import java.util.Map;

/**
 * Receives the gateway's spans, so a tracer (OpenTelemetry, or anything else) can be plugged in
 * without FluxLit depending on it. Install one with {@link TraceHooks#install(TraceHook)}, or
 * name the implementation in {@code META-INF/services/io.fluxlit.tracing.TraceHook} and put its
 * jar on the class path. The spans and their attributes are listed in {@link SpanNames}.
 *
 * <p>Parents are explicit: Vert.x runs many requests on one event-loop thread, so there is no
 * thread-bound "current span" to rely on. A request's upstream spans receive the request span
 * as {@code parent}.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Called on event-loop threads, many requests at a time: be thread-safe and never block
 *       (hand export work to a background thread, as OpenTelemetry's batch processor does).</li>
 *   <li>Exceptions thrown by {@link #start}, {@link Span#setAttribute} or {@link Span#end} are
 *       logged at DEBUG on {@code fluxlit.tracing} and the request goes on untraced: tracing
 *       never changes what the client sees.</li>
 *   <li>Each span is ended exactly once.</li>
 * </ul>
 */
public interface TraceHook {

  /**
   * Starts a span.
   *
   * @param name the span name, one of {@link SpanNames}
   * @param attributes attributes known at start: an immutable map, values are {@link String},
   *     {@link Long} or {@link Boolean}, never {@code null}; the hook may keep it
   * @param parent a span this hook returned earlier, or {@code null} for a root span
   * @return the started span; must not be {@code null}
   */
  Span start(String name, Map<String, Object> attributes, Span parent);

  /** A started span. */
  interface Span {

    /**
     * Adds an attribute learnt after the start (a status, a close code). Called before
     * {@link #end()}, on the thread that ends the span.
     *
     * @param key an attribute name, one of {@link SpanNames}
     * @param value a {@link String}, {@link Long} or {@link Boolean}, never {@code null}
     */
    default void setAttribute(String key, Object value) {
    }

    /** Ends the span normally. */
    void end();

    /**
     * Ends the span because of a failure (connection refused, timeout, handshake rejected).
     *
     * @param error what went wrong
     */
    default void end(Throwable error) {
      end();
    }
  }
}
