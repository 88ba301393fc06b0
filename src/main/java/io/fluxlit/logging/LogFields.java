package io.fluxlit.logging;

import java.util.List;

/** The log field names users build dashboards on: one place, and docs are tested against it. */
public final class LogFields {

  public static final String REQUEST_ID = "request_id";
  public static final String DISPATCH = "fluxlit_dispatch";
  public static final String METHOD_OR_TYPE = "http_method_or_type";
  public static final String PATH = "path";
  public static final String QUERY = "query";
  public static final String STATUS = "status";
  public static final String DURATION_MS = "duration_ms";
  public static final String BYTES_SENT = "bytes_sent";
  public static final String CLOSE_CODE = "close_code";
  /** The Streamlit worker a request went to (present when there was one; docs/scaling.md). */
  public static final String WORKER = "worker";
  /** The signed-in caller's user ID (present when there was one; never a token; docs/auth.md). */
  public static final String USER_ID = "user_id";

  /** Stable fields of the gateway access line, in order (docs/observability.md#gateway-access-log: five, then ours). */
  public static final List<String> GATEWAY_ACCESS_LOG_FIELDS =
    List.of(REQUEST_ID, DISPATCH, METHOD_OR_TYPE, PATH, QUERY, STATUS, DURATION_MS, BYTES_SENT);

  /** The first fields of every JSON log line, in this order. */
  public static final List<String> JSON_LOG_BASE_FIELDS = List.of("time", "level", "logger", "message");

  private LogFields() {
  }
}
