package io.fluxlit.gateway.edge;

import io.fluxlit.gateway.upstream.ForwardedHeaders;
import io.fluxlit.config.EdgeSettings;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.XFrameHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code FLUXLIT_ENABLE_SECURITY_HEADERS} (docs/security.md): every response the gateway writes
 * (API, probes, redirects, errors) gets {@code X-Content-Type-Options: nosniff},
 * {@code Referrer-Policy: strict-origin-when-cross-origin}, the framing policy
 * ({@code Content-Security-Policy: frame-ancestors …} from {@code FLUXLIT_FRAME_ANCESTORS}, with
 * the matching {@code X-Frame-Options} for older browsers where one exists) and, when the public
 * scheme is https, {@code Strict-Transport-Security}. Streamlit responses keep what Streamlit set:
 * ours are dropped for each header (or, for framing, the whole policy) it set itself.
 *
 * <p>Vert.x Web's {@link XFrameHandler} writes {@code X-Frame-Options}. The rest is written here:
 * Vert.x Web has no nosniff or Referrer-Policy handler; its {@code CSPHandler} always adds
 * {@code default-src 'self'} (which would break extension pages loading scripts elsewhere) and
 * cannot drop it; its {@code HSTSHandler} only trusts a TLS socket or {@code Front-End-Https},
 * never the trusted proxy's {@code X-Forwarded-Proto} that {@link ForwardedHeaders} checks.
 */
public final class SecurityHeaders {

  /** The Python FluxLit's HSTS value: two years, sub-domains included. */
  static final String HSTS = "max-age=63072000; includeSubDomains";

  private static final String NOSNIFF = "x-content-type-options";
  private static final String REFERRER = "referrer-policy";
  private static final String CSP = "content-security-policy";
  private static final String FRAME_OPTIONS = "x-frame-options";
  private static final String TRANSPORT = "strict-transport-security";

  private final boolean enabled;
  private final ForwardedHeaders forwarded;
  private final String csp;
  /** DENY, SAMEORIGIN, or {@code null} when the sources cannot be said in X-Frame-Options. */
  private final String frameOptions;

  /**
   * @param edge the settings
   * @param forwarded tells the public scheme, trusting forwarding headers only from trusted peers
   */
  public SecurityHeaders(EdgeSettings edge, ForwardedHeaders forwarded) {
    this.enabled = edge.securityHeaders();
    this.forwarded = forwarded;
    this.csp = "frame-ancestors " + edge.frameAncestors();
    this.frameOptions = switch (edge.frameAncestors()) {
      case "'self'" -> XFrameHandler.SAMEORIGIN;
      case "'none'" -> XFrameHandler.DENY;
      // X-Frame-Options cannot list origins; browsers that know CSP obey frame-ancestors instead.
      default -> null;
    };
  }

  /** @return the route handlers that write the headers, in order; none when switched off */
  public List<Handler<RoutingContext>> handlers() {
    List<Handler<RoutingContext>> handlers = new ArrayList<>();
    if (!enabled) {
      return handlers;
    }
    if (frameOptions != null) {
      handlers.add(XFrameHandler.create(frameOptions));
    }
    handlers.add(ctx -> {
      MultiMap headers = ctx.response().headers();
      headers.set(NOSNIFF, "nosniff").set(REFERRER, "strict-origin-when-cross-origin").set(CSP, csp);
      if (forwarded.isPublicHttps(ctx.request())) {
        headers.set(TRANSPORT, HSTS);
      }
      ctx.next();
    });
    return handlers;
  }

  /**
   * The headers that do not depend on the request, for the answers written before any route runs
   * (408, and Vert.x's 400/414/431 for requests it cannot parse).
   *
   * @return name and value pairs; empty when switched off
   */
  public List<Map.Entry<String, String>> fixed() {
    List<Map.Entry<String, String>> fixed = new ArrayList<>();
    if (enabled) {
      fixed.add(Map.entry(NOSNIFF, "nosniff"));
      fixed.add(Map.entry(REFERRER, "strict-origin-when-cross-origin"));
      fixed.add(Map.entry(CSP, csp));
      if (frameOptions != null) {
        fixed.add(Map.entry(FRAME_OPTIONS, frameOptions));
      }
    }
    return fixed;
  }

  /**
   * Writes {@link #fixed()} and, for https, HSTS onto a response Vert.x answers by itself.
   *
   * @param request the request whose response it is
   */
  public void writeTo(HttpServerRequest request) {
    MultiMap headers = request.response().headers();
    fixed().forEach(h -> headers.set(h.getKey(), h.getValue()));
    if (enabled && forwarded.isPublicHttps(request)) {
      headers.set(TRANSPORT, HSTS);
    }
  }

  /**
   * Before a Streamlit response is written: drops ours where Streamlit set its own, so that the
   * client sees one of each. A Content-Security-Policy without frame-ancestors is no framing
   * policy: ours is then sent beside it (browsers enforce both).
   *
   * @param upstream the headers Streamlit answered with
   * @param outgoing the client response's headers, holding ours
   */
  public void yieldTo(MultiMap upstream, MultiMap outgoing) {
    if (!enabled) {
      return;
    }
    for (String name : List.of(NOSNIFF, REFERRER, TRANSPORT)) {
      if (upstream.contains(name)) {
        outgoing.remove(name);
      }
    }
    boolean upstreamFraming = upstream.contains(FRAME_OPTIONS)
      || upstream.getAll(CSP).stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("frame-ancestors"));
    if (upstreamFraming) {
      outgoing.remove(FRAME_OPTIONS);
      outgoing.remove(CSP);
    }
    // Otherwise the proxy adds a policy of Streamlit's after ours, and both are sent.
  }
}
