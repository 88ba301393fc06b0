package io.fluxlit.exchange;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One request through FluxLit: the per-request carrier. The gateway creates it when a request
 * arrives and binds it to the request's duplicated context, where everything working for that
 * request finds it ({@link #current()}): its ID (every log line's {@code request_id}), the
 * dispatch decision, the timings, and what observers (access log, metrics, tracing) recorded.
 *
 * <p>On the far side of the event bus, a consumer's message context carries an exchange known
 * only by its ID ({@link #ofId(String)}), bound by the event bus's inbound interceptor.
 * Created and completed on the request's event loop.
 */
public final class Exchange {

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
  private Object traceState;
  private String worker = "";

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
