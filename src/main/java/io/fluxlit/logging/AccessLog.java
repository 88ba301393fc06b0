package io.fluxlit.logging;

import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.SignIn;
import io.fluxlit.exchange.ExchangeObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.List;
import java.util.Locale;

/**
 * The gateway access line (docs/observability.md): one per request when it completes (WebSocket: when the
 * session closes, with the close code), on logger {@code fluxlit.gateway}, at INFO when enabled,
 * else DEBUG. The message reads as docs/observability.md#gateway-access-log shows
 * ({@code gateway GET /path request_id=…}) and every field of
 * {@link LogFields#GATEWAY_ACCESS_LOG_FIELDS} is attached as a structured key/value.
 */
public final class AccessLog implements ExchangeObserver {

  private static final Logger LOG = LoggerFactory.getLogger("fluxlit.gateway");

  private final Level level;
  private final List<String> sensitiveKeys;

  /**
   * @param atInfo INFO when true, else DEBUG
   * @param sensitiveKeys query keys whose values are redacted
   */
  public AccessLog(boolean atInfo, List<String> sensitiveKeys) {
    this.level = atInfo ? Level.INFO : Level.DEBUG;
    this.sensitiveKeys = sensitiveKeys;
  }

  @Override
  public void ended(Exchange exchange) {
    if (!LOG.isEnabledForLevel(level)) {
      return;
    }
    // Logged on the request's context, so the request ID providers see it too.
    String query = Redaction.query(exchange.query(), sensitiveKeys);
    String duration = String.format(Locale.ROOT, "%.3f", exchange.durationNanos() / 1_000_000.0);
    var event = LOG.atLevel(level)
      .addKeyValue(LogFields.REQUEST_ID, exchange.requestId())
      .addKeyValue(LogFields.DISPATCH, exchange.dispatch().label())
      .addKeyValue(LogFields.METHOD_OR_TYPE, exchange.methodOrType())
      .addKeyValue(LogFields.PATH, exchange.path())
      .addKeyValue(LogFields.QUERY, query)
      .addKeyValue(LogFields.STATUS, exchange.status())
      .addKeyValue(LogFields.DURATION_MS, Double.parseDouble(duration))
      .addKeyValue(LogFields.BYTES_SENT, exchange.bytesSent());
    if (exchange.closeCode() != null) {
      event = event.addKeyValue(LogFields.CLOSE_CODE, exchange.closeCode());
    }
    if (!exchange.worker().isEmpty()) {
      event = event.addKeyValue(LogFields.WORKER, exchange.worker());
    }
    String userId = exchange.get(SignIn.USER_ID);
    if (userId != null) {
      event = event.addKeyValue(LogFields.USER_ID, userId);
    }
    event.log("gateway {} {}{} request_id={} status={} duration_ms={} bytes_sent={}{}{}{}",
      exchange.methodOrType(), exchange.path(), query.isEmpty() ? "" : "?" + query, exchange.requestId(),
      exchange.status(), duration, exchange.bytesSent(),
      exchange.closeCode() == null ? "" : " close_code=" + exchange.closeCode(),
      exchange.worker().isEmpty() ? "" : " worker=" + exchange.worker(),
      userId == null ? "" : " user_id=" + userId);
  }
}
