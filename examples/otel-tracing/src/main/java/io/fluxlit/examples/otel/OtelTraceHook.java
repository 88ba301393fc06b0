package io.fluxlit.examples.otel;

import io.fluxlit.tracing.SpanNames;
import io.fluxlit.tracing.TraceHook;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.util.Map;

/**
 * FluxLit's {@link TraceHook} on an OpenTelemetry {@link Tracer}.
 *
 * <p>Registered in {@code META-INF/services/io.fluxlit.tracing.TraceHook}, so putting this jar
 * on the class path next to FluxLit's is enough: the gateway finds it when it starts and calls
 * the no-argument constructor, which configures the SDK from the standard {@code OTEL_*}
 * environment variables and {@code otel.*} system properties (autoconfigure). Unlike the SDK's
 * own defaults, spans go to the logging exporter unless {@code OTEL_TRACES_EXPORTER} says
 * otherwise, and metrics and logs are off, so it runs offline as it is.
 *
 * <p>FluxLit passes parents explicitly (Vert.x has no thread-bound current span), so each
 * upstream span is started in a {@link Context} holding its request span, never in
 * {@link Context#current()}. The request span is a {@link SpanKind#SERVER} span, the upstream
 * spans are {@link SpanKind#CLIENT} spans; a status of 500 or more, or a failure, marks a span
 * as an error.
 */
public final class OtelTraceHook implements TraceHook {

  /** The instrumentation scope name spans are created under. */
  public static final String SCOPE = "io.fluxlit.gateway";

  private final Tracer tracer;

  /** Configures the SDK from the environment (see the class comment); used by the ServiceLoader. */
  public OtelTraceHook() {
    this(AutoConfiguredOpenTelemetrySdk.builder()
      // Defaults only: OTEL_* variables and otel.* properties win over these.
      .addPropertiesSupplier(() -> Map.of(
        "otel.service.name", "fluxlit",
        "otel.traces.exporter", "logging",
        "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none"))
      .build()
      .getOpenTelemetrySdk());
  }

  /**
   * For applications that configure OpenTelemetry themselves: install the hook with
   * {@code TraceHooks.install(new OtelTraceHook(openTelemetry))} before starting FluxLit.
   *
   * @param openTelemetry where spans go
   */
  public OtelTraceHook(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(SCOPE);
  }

  @Override
  public Span start(String name, Map<String, Object> attributes, Span parent) {
    // A root span joins whatever context is current (usually none); a child always gets its parent.
    Context context = parent instanceof OtelSpan otel ? Context.root().with(otel.span) : Context.current();
    AttributesBuilder converted = Attributes.builder();
    attributes.forEach((key, value) -> put(converted, key, value));
    return new OtelSpan(tracer.spanBuilder(name)
      .setParent(context)
      .setSpanKind(SpanNames.REQUEST.equals(name) ? SpanKind.SERVER : SpanKind.CLIENT)
      .setAllAttributes(converted.build())
      .startSpan());
  }

  /** FluxLit's values are String, Long or Boolean; anything else is kept as text. */
  private static void put(AttributesBuilder attributes, String key, Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      attributes.put(key, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      attributes.put(key, ((Number) value).doubleValue());
    } else if (value instanceof Boolean b) {
      attributes.put(key, b);
    } else if (value != null) {
      attributes.put(key, value.toString());
    }
  }

  /** A FluxLit span backed by an OpenTelemetry span. */
  private static final class OtelSpan implements Span {

    private final io.opentelemetry.api.trace.Span span;

    OtelSpan(io.opentelemetry.api.trace.Span span) {
      this.span = span;
    }

    @Override
    public void setAttribute(String key, Object value) {
      AttributesBuilder converted = Attributes.builder();
      put(converted, key, value);
      span.setAllAttributes(converted.build());
      if (key.equals(SpanNames.HTTP_RESPONSE_STATUS_CODE) && value instanceof Number status && status.longValue() >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
    }

    @Override
    public void end() {
      span.end();
    }

    @Override
    public void end(Throwable error) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, error.toString());
      span.end();
    }
  }
}
