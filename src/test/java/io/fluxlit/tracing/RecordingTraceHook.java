package io.fluxlit.tracing;

import io.fluxlit.testing.Conditions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A real {@link TraceHook} that keeps every span it is given, for assertions. */
public class RecordingTraceHook implements TraceHook {

  private static final AtomicLong CLOCK = new AtomicLong();

  /** One recorded span. */
  public static final class Recorded implements TraceHook.Span {
    public final String name;
    public final Map<String, Object> attributes;
    public final Recorded parent;
    public final Map<String, Object> endAttributes = new ConcurrentHashMap<>();
    public final AtomicInteger ends = new AtomicInteger();
    public volatile Throwable error;
    public volatile long endedAt;
    public final String thread = Thread.currentThread().getName();

    Recorded(String name, Map<String, Object> attributes, Recorded parent) {
      this.name = name;
      this.attributes = attributes;
      this.parent = parent;
    }

    @Override
    public void setAttribute(String key, Object value) {
      if (ends.get() > 0) {
        throw new IllegalStateException("attribute " + key + " set on ended span " + name);
      }
      endAttributes.put(key, Objects.requireNonNull(value));
    }

    @Override
    public void end() {
      endedAt = CLOCK.incrementAndGet();
      ends.incrementAndGet();
    }

    @Override
    public void end(Throwable failure) {
      error = failure;
      end();
    }

    public boolean ended() {
      return ends.get() > 0;
    }

    /** @return the request ID this span carries, under either key */
    public String requestId() {
      Object id = attributes.getOrDefault(SpanNames.REQUEST_ID, attributes.get(SpanNames.FLUXLIT_REQUEST_ID));
      return (String) id;
    }

    @Override
    public String toString() {
      return name + attributes + " end" + endAttributes + (error == null ? "" : " error=" + error);
    }
  }

  public final List<Recorded> spans = new CopyOnWriteArrayList<>();

  @Override
  public Span start(String name, Map<String, Object> attributes, Span parent) {
    if (parent != null && !(parent instanceof Recorded)) {
      throw new AssertionError("parent is not a span of this hook: " + parent);
    }
    Recorded span = new Recorded(name, attributes, (Recorded) parent);
    spans.add(span);
    return span;
  }

  /** @return the spans of one request ID, in start order */
  public List<Recorded> forRequest(String requestId) {
    return spans.stream().filter(s -> requestId.equals(s.requestId())).toList();
  }

  /**
   * Waits until the request has {@code count} spans, all ended.
   *
   * @return those spans, in start order
   */
  public List<Recorded> awaitEnded(String requestId, int count) {
    Conditions.waitUntil(() -> {
      List<Recorded> mine = forRequest(requestId);
      return mine.size() >= count && mine.stream().allMatch(Recorded::ended);
    }, 10, count + " ended spans for request " + requestId + ", have " + forRequest(requestId));
    return forRequest(requestId);
  }
}
