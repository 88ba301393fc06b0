package io.fluxlit.exchange;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request through FluxLit: the per-request carrier. The gateway creates it when a request
 * arrives and binds it to the request's duplicated context, where everything working for that
 * request finds it ({@link #current()}): its ID (every log line's {@code request_id}), the
 * dispatch decision, the timings, and what observers (access log, metrics, tracing) recorded.
 *
 * <p>Later hops attach their own state with a typed {@link Key} ({@link #attach}, {@link #get}):
 * the chosen worker, the signed-in user, so that this package depends on none of them. What
 * observers log of that state is a plain label on the exchange ({@link #worker()}).
 *
 * <p>On the far side of the event bus, a consumer's message context carries an exchange known
 * only by its ID ({@link #ofId(String)}), bound by the event bus's inbound interceptor.
 * Created and completed on the request's event loop.
 */
public final class Exchange {

  /**
   * The typed name of one piece of per-request state. Keys compare by identity: declare each
   * once, as a constant of the package that owns the value.
   *
   * @param <T> the type of the value
   */
  public static final class Key<T> {
    private final String name;

    private Key(String name) {
      this.name = Objects.requireNonNull(name);
    }

    /**
     * @param name what the value is, for diagnostics
     * @param <T> the type of the value
     * @return a new key, distinct from every other
     */
    public static <T> Key<T> named(String name) {
      return new Key<>(name);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** {@link #methodOrType()} of WebSocket sessions. */
  public static final String WEBSOCKET = "websocket";

  private final String requestId;
  private final RoutedPath route;
  private final String methodOrType;
  private final String path;
  private final String query;
  private final long startNanos;
  private int status;
  private long bytesSent;
  private Short closeCode;
  private long endNanos;
  private boolean ended;
  private boolean upgraded;
  private Object traceState;
  private String worker = "";
  // Created on the first attach: most exchanges carry one attachment or none.
  private Map<Key<?>, Object> attachments;

  /**
   * @param requestId the resolved request ID
   * @param route the dispatch decision
   * @param methodOrType the HTTP method, or {@link #WEBSOCKET}
   * @param path the path as received (sub-path included, not normalised)
   * @param query the raw query string, or {@code null}
   * @param startNanos {@link System#nanoTime()} when the gateway received it
   */
  public Exchange(String requestId, RoutedPath route, String methodOrType, String path, String query,
                  long startNanos) {
    this.requestId = requestId;
    this.route = route;
    this.methodOrType = methodOrType;
    this.path = path;
    this.query = query;
    this.startNanos = startNanos;
  }

  /**
   * @param requestId a request ID
   * @return an exchange known only by its ID: a message received over the event bus, or a
   *     request Vert.x could not parse
   */
  public static Exchange ofId(String requestId) {
    return new Exchange(requestId, null, null, null, null, System.nanoTime());
  }

  /** @return the exchange of the request the current context handles, or {@code null} */
  public static Exchange current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(ExchangeStorage.KEY);
  }

  /**
   * Binds this exchange to a request's (or a message's) duplicated context. Binding on a
   * verticle's root context would share it with every later request.
   *
   * @param context the duplicated context
   * @return this
   */
  public Exchange bindTo(Context context) {
    context.putLocal(ExchangeStorage.KEY, this);
    return this;
  }

  public String requestId() {
    return requestId;
  }

  /** @return the dispatch decision, or {@code null} for an exchange known only by its ID */
  public RoutedPath route() {
    return route;
  }

  /** @return where it went, or {@code null} for an exchange known only by its ID */
  public Dispatch dispatch() {
    return route == null ? null : route.dispatch();
  }

  /** @return the HTTP method (upper case) or {@code websocket} */
  public String methodOrType() {
    return methodOrType;
  }

  /** @return whether this is a WebSocket session (or an attempt at one) */
  public boolean isWebSocket() {
    return WEBSOCKET.equals(methodOrType);
  }

  public String path() {
    return path;
  }

  /** @return the raw query, or {@code null}: redact before logging it */
  public String query() {
    return query;
  }

  public long startNanos() {
    return startNanos;
  }

  /**
   * @return whether this is a WebSocket session whose upgrade was accepted: from then on the
   *     session (the relay) owns its end, with the close code, not the HTTP response
   */
  public boolean upgraded() {
    return upgraded;
  }

  void markUpgraded() {
    upgraded = true;
  }

  /** @return the response status (101 for an accepted WebSocket), 0 if none was sent */
  public int status() {
    return status;
  }

  /** @return bytes of response written to the client (HTTP) */
  public long bytesSent() {
    return bytesSent;
  }

  /** @return the close code of a WebSocket session, or {@code null} */
  public Short closeCode() {
    return closeCode;
  }

  /** @return nanoseconds from start to end */
  public long durationNanos() {
    return endNanos - startNanos;
  }

  /** @return state a trace hook attached at start (its span), or {@code null} */
  public Object traceState() {
    return traceState;
  }

  /** @param state what the trace hook needs at the end */
  public void traceState(Object state) {
    this.traceState = state;
  }

  /** @return the name of the Streamlit worker it went to (docs/scaling.md), or the empty string */
  public String worker() {
    return worker;
  }

  /** @param name the name of the worker chosen for it */
  public void worker(String name) {
    this.worker = name == null ? "" : name;
  }

  /**
   * Attaches a later hop's state; attaching again under the same key replaces it.
   *
   * @param key the key, a constant of the package that owns the value
   * @param value the value, or {@code null} to remove it
   * @param <T> the type of the value
   * @return this
   */
  public <T> Exchange attach(Key<T> key, T value) {
    if (value == null) {
      if (attachments != null) {
        attachments.remove(key);
      }
    } else {
      if (attachments == null) {
        attachments = new IdentityHashMap<>(4);
      }
      attachments.put(key, value);
    }
    return this;
  }

  /**
   * @param key a key
   * @param <T> the type of the value
   * @return the value attached under it, or {@code null}
   */
  @SuppressWarnings("unchecked") // attach(Key<T>, T) is the only way in, so the value is a T
  public <T> T get(Key<T> key) {
    return attachments == null ? null : (T) attachments.get(key);
  }

  /**
   * Marks the end once; later calls return {@code false}.
   *
   * @param status the status sent
   * @param bytesSent bytes written
   * @param closeCode the WebSocket close code, or {@code null}
   * @return whether this call ended the exchange
   */
  boolean end(int status, long bytesSent, Short closeCode) {
    if (ended) {
      return false;
    }
    ended = true;
    this.status = status;
    this.bytesSent = bytesSent;
    this.closeCode = closeCode;
    this.endNanos = System.nanoTime();
    return true;
  }
}
