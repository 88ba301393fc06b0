package io.fluxlit.gateway;

/**
 * One request through the gateway as observers (access log, metrics, tracing) see it: what it
 * was when it started, and how it ended. Created and completed on the request's event loop.
 */
public final class Exchange {

  /** {@link #methodOrType()} of WebSocket sessions. */
  public static final String WEBSOCKET = "websocket";

  private final String requestId;
  private final Dispatch dispatch;
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
   * @param dispatch where it went
   * @param methodOrType the HTTP method, or {@link #WEBSOCKET}
   * @param path the path as received (sub-path included, not normalised)
   * @param query the raw query string, or {@code null}
   * @param startNanos {@link System#nanoTime()} when the gateway received it
   */
  public Exchange(String requestId, Dispatch dispatch, String methodOrType, String path, String query, long startNanos) {
    this.requestId = requestId;
    this.dispatch = dispatch;
    this.methodOrType = methodOrType;
    this.path = path;
    this.query = query;
    this.startNanos = startNanos;
  }

  public String requestId() {
    return requestId;
  }

  public Dispatch dispatch() {
    return dispatch;
  }

  /** @return the HTTP method (upper case) or {@code websocket} */
  public String methodOrType() {
    return methodOrType;
  }

  /** @return whether this is a WebSocket session (or an attempt at one) */
  public boolean isWebSocket() {
    return methodOrType == WEBSOCKET;
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
