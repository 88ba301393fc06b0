package io.fluxlit.tracing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls into the hook with its failures contained: a hook that throws is logged at DEBUG and
 * the request carries on untraced, so tracing can never change what a client sees.
 */
final class Spans {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.tracing");

  private Spans() {
  }

  /**
   * @param keyValues key, value, key, value...; {@code null} values are left out
   * @return an immutable map keeping the given order
   */
  static Map<String, Object> attributes(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        map.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** @return the started span, or {@code null} if the hook failed (or returned none) */
  static TraceHook.Span start(TraceHook hook, String name, Map<String, Object> attributes, TraceHook.Span parent) {
    try {
      return hook.start(name, attributes, parent);
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("trace hook {} failed to start {}", hook.getClass().getName(), name, e);
      return null;
    }
  }

  static void set(TraceHook.Span span, String key, Object value) {
    if (span == null || value == null) {
      return;
    }
    try {
      span.setAttribute(key, value);
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("trace span {} failed to take attribute {}", span.getClass().getName(), key, e);
    }
  }

  static void end(TraceHook.Span span) {
    if (span == null) {
      return;
    }
    try {
      span.end();
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("trace span {} failed to end", span.getClass().getName(), e);
    }
  }

  static void end(TraceHook.Span span, Throwable error) {
    if (span == null) {
      return;
    }
    try {
      span.end(error);
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("trace span {} failed to end with an error", span.getClass().getName(), e);
    }
  }

  /**
   * A span two handlers may end (whichever WebSocket side closes first): the first end wins,
   * and whatever comes after it is ignored.
   */
  static final class Once implements TraceHook.Span {

    private final TraceHook.Span span;
    private final AtomicBoolean ended = new AtomicBoolean();

    Once(TraceHook.Span span) {
      this.span = span;
    }

    @Override
    public void setAttribute(String key, Object value) {
      if (!ended.get()) {
        set(span, key, value);
      }
    }

    @Override
    public void end() {
      if (ended.compareAndSet(false, true)) {
        Spans.end(span);
      }
    }

    @Override
    public void end(Throwable error) {
      if (ended.compareAndSet(false, true)) {
        Spans.end(span, error);
      }
    }
  }
}
