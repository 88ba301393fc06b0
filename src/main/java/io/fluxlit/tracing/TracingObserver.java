package io.fluxlit.tracing;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObserver;

import java.util.List;
import java.util.Optional;

/**
 * Starts the {@link SpanNames#REQUEST} span when an exchange is dispatched and ends it when the
 * exchange ends (a WebSocket: when the session closes), adding the status and close code.
 * Installed only when a hook is active, so an untraced gateway pays nothing.
 */
public final class TracingObserver implements ExchangeObserver {

  private final TraceHook hook;
  private final List<String> redactedQueryKeys;

  private TracingObserver(TraceHook hook, List<String> redactedQueryKeys) {
    this.hook = hook;
    this.redactedQueryKeys = List.copyOf(redactedQueryKeys);
  }

  /**
   * @param hook the hook the gateway was assembled with ({@link TraceHooks#active()} at its
   *     start), or {@code null}
   * @param redactedQueryKeys lower-case query keys whose values upstream spans redact in {@code url.full}
   * @return an observer bound to the hook, or empty when there is none
   */
  public static Optional<ExchangeObserver> create(TraceHook hook, List<String> redactedQueryKeys) {
    return hook == null ? Optional.empty() : Optional.of(new TracingObserver(hook, redactedQueryKeys));
  }

  @Override
  public void started(Exchange exchange) {
    TraceHook.Span span = Spans.start(hook, SpanNames.REQUEST, Spans.attributes(
      SpanNames.DISPATCH, exchange.dispatch().label(),
      SpanNames.METHOD_OR_TYPE, exchange.methodOrType(),
      SpanNames.URL_PATH, exchange.path(),
      SpanNames.REQUEST_ID, exchange.requestId()), null);
    if (span != null) {
      exchange.traceState(new RequestTrace(hook, span, redactedQueryKeys));
    }
  }

  @Override
  public void ended(Exchange exchange) {
    if (!(exchange.traceState() instanceof RequestTrace trace)) {
      return;
    }
    if (exchange.status() > 0) {
      Spans.set(trace.span(), SpanNames.HTTP_RESPONSE_STATUS_CODE, (long) exchange.status());
    }
    if (exchange.closeCode() != null) {
      Spans.set(trace.span(), SpanNames.WEBSOCKET_CLOSE_CODE, (long) exchange.closeCode());
    }
    Spans.end(trace.span());
  }
}
