package io.fluxlit.gateway.upstream;

import io.fluxlit.config.AllowedOrigins;
import io.fluxlit.config.TrustedProxies;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.Locale;

/**
 * Writes the {@code X-Forwarded-*} headers the gateway sends to Streamlit (docs/architecture.md#the-http-hop): Host is the public host; Proto is the request's scheme; Port only when the public host
 * names one; Prefix only with a public sub-path; For is the client address. A peer's own
 * forwarding headers are believed only when {@code FLUXLIT_TRUST_PROXY} is on and the peer is
 * listed in {@code FLUXLIT_FORWARDED_ALLOW_IPS}.
 */
public final class ForwardedHeaders {

  private final boolean trustProxy;
  private final TrustedProxies trusted;
  private final String rootPath;

  /**
   * @param trustProxy whether any peer may be trusted
   * @param trusted the trusted peers
   * @param rootPath the public sub-path, or the empty string
   */
  public ForwardedHeaders(boolean trustProxy, TrustedProxies trusted, String rootPath) {
    this.trustProxy = trustProxy;
    this.trusted = trusted;
    this.rootPath = rootPath;
  }

  /**
   * @param request the client's request
   * @param fallbackHost used when the client sent no Host
   * @return the public host, as the client wrote it
   */
  public static String publicHost(HttpServerRequest request, String fallbackHost) {
    String host = request.headers().get("host");
    if (host == null || host.isBlank()) {
      return request.authority() != null ? request.authority().toString() : fallbackHost;
    }
    return host.trim();
  }

  /**
   * Adds the forwarding headers to an upstream request.
   *
   * @param target the upstream request's headers (client forwarding headers already removed)
   * @param request the client's request (its headers are read, not changed)
   * @param publicHost the public host, see {@link #publicHost}
   */
  public void write(MultiMap target, HttpServerRequest request, String publicHost) {
    boolean trustPeer = trustProxy && trusted.trusts(peerAddress(request));
    target.set("x-forwarded-host", publicHost);
    target.set("x-forwarded-proto", scheme(request, trustPeer));
    String port = explicitPort(publicHost);
    if (port != null) {
      target.set("x-forwarded-port", port);
    }
    if (!rootPath.isEmpty()) {
      target.set("x-forwarded-prefix", rootPath);
    }
    String client = clientAddress(request, trustPeer);
    if (client != null) {
      target.set("x-forwarded-for", client);
    }
  }

  /**
   * The origin the browser sees the gateway at: the request's scheme and Host, or, from a trusted
   * proxy, its {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} and {@code X-Forwarded-Port}.
   *
   * @param request the client's request
   * @param fallbackHost used when the client sent no Host
   * @return the serialised origin ({@code https://example.com}), or {@code null} when the host is unusable
   */
  public String publicOrigin(HttpServerRequest request, String fallbackHost) {
    boolean trustPeer = trustProxy && trusted.trusts(peerAddress(request));
    String host = publicHost(request, fallbackHost);
    if (trustPeer) {
      String forwardedHost = firstValue(request.headers().get("x-forwarded-host"));
      if (forwardedHost != null) {
        host = forwardedHost;
      }
      String forwardedPort = firstValue(request.headers().get("x-forwarded-port"));
      if (forwardedPort != null && explicitPort(host) == null && forwardedPort.chars().allMatch(Character::isDigit)) {
        host = host + ":" + forwardedPort;
      }
    }
    return AllowedOrigins.of(scheme(request, trustPeer), host);
  }

  private static String firstValue(String header) {
    if (header == null) {
      return null;
    }
    String first = header.split(",")[0].trim();
    return first.isEmpty() ? null : first;
  }

  /**
   * @param request the client's request
   * @return whether the browser reached us over https: a TLS socket, or a trusted peer's
   *     {@code X-Forwarded-Proto}
   */
  public boolean isPublicHttps(HttpServerRequest request) {
    return scheme(request, trustProxy && trusted.trusts(peerAddress(request))).equals("https");
  }

  private String scheme(HttpServerRequest request, boolean trustPeer) {
    if (trustPeer) {
      String proto = request.headers().get("x-forwarded-proto");
      if (proto != null) {
        String first = proto.split(",")[0].trim().toLowerCase(Locale.ROOT);
        switch (first) {
          case "http", "ws":
            return "http";
          case "https", "wss":
            return "https";
          default:
            break;
        }
      }
    }
    return request.isSSL() ? "https" : "http";
  }

  /**
   * Like Uvicorn's proxy-headers middleware: the right-most address in {@code X-Forwarded-For}
   * that is not itself a trusted proxy is the client.
   */
  private String clientAddress(HttpServerRequest request, boolean trustPeer) {
    String peer = peerAddress(request);
    if (!trustPeer) {
      return peer;
    }
    String chain = request.headers().get("x-forwarded-for");
    if (chain == null || chain.isBlank()) {
      return peer;
    }
    String[] hops = chain.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && (i == 0 || !trusted.trusts(hop))) {
        return hop;
      }
    }
    return peer;
  }

  private static String peerAddress(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    return remote == null ? null : remote.hostAddress();
  }

  /**
   * @param host a Host header value ({@code name}, {@code name:port}, {@code [v6]:port})
   * @return the explicit numeric port, or {@code null}
   */
  static String explicitPort(String host) {
    int colon = host.lastIndexOf(':');
    if (colon < 0 || host.indexOf(']') > colon || host.startsWith("[") && host.indexOf(']') < 0) {
      return null;
    }
    if (!host.startsWith("[") && host.indexOf(':') != colon) {
      return null; // a bare IPv6 address, no port
    }
    String port = host.substring(colon + 1);
    if (port.isEmpty() || port.length() > 5) {
      return null;
    }
    for (int i = 0; i < port.length(); i++) {
      if (!Character.isDigit(port.charAt(i))) {
        return null;
      }
    }
    return port;
  }
}
