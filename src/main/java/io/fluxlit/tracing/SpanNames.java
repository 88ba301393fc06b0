package io.fluxlit.tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every span name and attribute key the gateway gives a {@link TraceHook}. The request span's
 * start attributes and the upstream HTTP span's are the compatible ones of docs/tracing.md (experimental);
 * the upstream WebSocket span and the end attributes are FluxLit for Vert.x additions.
 * {@code docs/tracing.md} lists the same table (a test keeps them equal).
 */
public final class SpanNames {

  /** One per request or WebSocket session through the gateway (not metrics scrapes, not the debug snapshot). */
  public static final String REQUEST = "fluxlit.gateway.request";
  /** Child of {@link #REQUEST}: the HTTP request to Streamlit until its response head (or failure). */
  public static final String UPSTREAM_HTTP = "fluxlit.gateway.upstream_http";
  /** Child of {@link #REQUEST}: the WebSocket to Streamlit, from the connect until the session ends. */
  public static final String UPSTREAM_WEBSOCKET = "fluxlit.gateway.upstream_websocket";

  /** {@link #REQUEST}: {@code api} or {@code streamlit}. */
  public static final String DISPATCH = "fluxlit.dispatch";
  /** {@link #REQUEST}: the HTTP method, or {@code websocket}. */
  public static final String METHOD_OR_TYPE = "http.method_or_type";
  /** {@link #REQUEST}: the path as received (no query). */
  public static final String URL_PATH = "url.path";
  /** {@link #REQUEST}: the request ID. */
  public static final String REQUEST_ID = "request_id";

  /** Upstream spans: the method sent upstream ({@code GET} for a WebSocket handshake). */
  public static final String HTTP_REQUEST_METHOD = "http.request.method";
  /** Upstream spans: the upstream URL; values of redacted query keys are {@code <redacted>}. */
  public static final String URL_FULL = "url.full";
  /** Upstream spans: the request ID sent upstream as {@code X-Request-ID}. */
  public static final String FLUXLIT_REQUEST_ID = "fluxlit.request_id";

  /** At end, when there was one: the status (request: sent to the client; upstream: received). */
  public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
  /** At end of WebSocket spans, when a close frame carried one: the close code. */
  public static final String WEBSOCKET_CLOSE_CODE = "fluxlit.websocket.close_code";
  /** At end of {@link #UPSTREAM_WEBSOCKET}: {@code client} or {@code upstream}, whoever closed first. */
  public static final String WEBSOCKET_CLOSED_BY = "fluxlit.websocket.closed_by";

  private static final Map<String, List<String>> START = Map.of(
    REQUEST, List.of(DISPATCH, METHOD_OR_TYPE, URL_PATH, REQUEST_ID),
    UPSTREAM_HTTP, List.of(HTTP_REQUEST_METHOD, URL_FULL, FLUXLIT_REQUEST_ID),
    UPSTREAM_WEBSOCKET, List.of(HTTP_REQUEST_METHOD, URL_FULL, FLUXLIT_REQUEST_ID));

  private static final Map<String, List<String>> END = Map.of(
    REQUEST, List.of(HTTP_RESPONSE_STATUS_CODE, WEBSOCKET_CLOSE_CODE),
    UPSTREAM_HTTP, List.of(HTTP_RESPONSE_STATUS_CODE),
    UPSTREAM_WEBSOCKET, List.of(HTTP_RESPONSE_STATUS_CODE, WEBSOCKET_CLOSE_CODE, WEBSOCKET_CLOSED_BY));

  private SpanNames() {
  }

  /** @return the span names, request span first */
  public static List<String> spans() {
    return List.of(REQUEST, UPSTREAM_HTTP, UPSTREAM_WEBSOCKET);
  }

  /** @return span name to the attribute keys every span of that name starts with */
  public static Map<String, List<String>> startAttributes() {
    return ordered(START);
  }

  /** @return span name to the attribute keys that may be set before the span ends */
  public static Map<String, List<String>> endAttributes() {
    return ordered(END);
  }

  private static Map<String, List<String>> ordered(Map<String, List<String>> byName) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String span : spans()) {
      out.put(span, byName.get(span));
    }
    return out;
  }
}
