package io.fluxlit.metrics;

import io.fluxlit.config.Settings;
import io.fluxlit.exchange.Exchange;
import io.fluxlit.exchange.ExchangeObserver;
import io.fluxlit.exchange.SignIn;
import io.fluxlit.exchange.UpstreamFailure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Records the gateway's exchanges (one instance per gateway verticle). Scrapes and the debug
 * snapshot never reach observers, so they are not counted.
 *
 * <ul>
 *   <li>At dispatch: {@code fluxlit_gateway_requests_total}, so failed requests count too.</li>
 *   <li>HTTP, at the end: the duration and the response's status class.</li>
 *   <li>Sign-in gate, at the end: a completed sign-in, or a refusal with its reason.</li>
 *   <li>WebSocket: the duration and status class of the <em>handshake</em> (at the upgrade, or at
 *       the rejection); the session's length goes to its own histogram when it closes, so long
 *       sessions do not drown the request latencies.</li>
 * </ul>
 * A failing observation is logged at DEBUG by the gateway and the request goes on.
 */
public final class MetricsObserver implements ExchangeObserver {

  private static final Set<String> STANDARD_METHODS =
    Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  private final Meters meters;
  /** Accepted sessions of this gateway instance; touched on its event loop only. */
  private final Set<Exchange> sessions = Collections.newSetFromMap(new IdentityHashMap<>());

  private MetricsObserver(Meters meters) {
    this.meters = meters;
  }

  /**
   * @param meters the process's meters, or {@code null} when metrics are not recorded
   *     ({@link MetricsSetup#recording(Settings)})
   * @return the observer of one gateway instance, when metrics are recorded
   */
  public static Optional<MetricsObserver> create(Meters meters) {
    return Optional.ofNullable(meters).map(MetricsObserver::new);
  }

  @Override
  public void started(Exchange exchange) {
    meters.request(exchange.dispatch(), methodKind(exchange));
  }

  @Override
  public void upgraded(Exchange exchange) {
    sessions.add(exchange);
    meters.sessionOpened();
    meters.duration(exchange.dispatch(), System.nanoTime() - exchange.startNanos());
    meters.response(exchange.dispatch(), 101);
  }

  @Override
  public void upstreamFailed(Exchange exchange, UpstreamFailure failure) {
    meters.upstreamError(failure);
  }

  @Override
  public void ended(Exchange exchange) {
    if (exchange.get(SignIn.COMPLETED) != null) {
      meters.signIn();
    }
    String refusal = exchange.get(SignIn.REFUSAL);
    if (refusal != null) {
      meters.refusal(refusal, 1);
    }
    if (sessions.remove(exchange)) {
      meters.sessionClosed(exchange.durationNanos(), closeCodeLabel(exchange.closeCode()));
      return;
    }
    meters.duration(exchange.dispatch(), exchange.durationNanos());
    meters.response(exchange.dispatch(), exchange.status());
  }

  /** @return {@code WEBSOCKET}, a standard method in upper case, or {@code OTHER} (bounded) */
  static String methodKind(Exchange exchange) {
    if (exchange.isWebSocket()) {
      return "WEBSOCKET";
    }
    String method = exchange.methodOrType().toUpperCase(Locale.ROOT);
    return STANDARD_METHODS.contains(method) ? method : "OTHER";
  }

  /**
   * @param code the browser side's close code, or {@code null} when it sent none
   * @return the code for the standard ones (1000–1015), {@code application} (3000–4999),
   *     {@code none}, or {@code other}: a bounded label
   */
  static String closeCodeLabel(Short code) {
    if (code == null) {
      return "none";
    }
    int value = code;
    if (value >= 1000 && value <= 1015) {
      return Integer.toString(value);
    }
    return value >= 3000 && value <= 4999 ? "application" : "other";
  }
}
