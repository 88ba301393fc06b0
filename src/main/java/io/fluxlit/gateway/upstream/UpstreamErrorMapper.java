package io.fluxlit.gateway.upstream;

import io.fluxlit.exchange.UpstreamFailure;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Classifies an upstream exception (Vert.x, Netty or JDK) as an {@link UpstreamFailure}. */
public final class UpstreamErrorMapper {

  private UpstreamErrorMapper() {
  }

  /**
   * @param error the failure of an upstream request or handshake
   * @return its classification
   */
  public static UpstreamFailure classify(Throwable error) {
    // Throwable forbids only a direct self-cause: a longer loop (A caused by B caused by A) is
    // possible, so the chain is followed for as long as it brings new exceptions.
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      // Netty's ConnectTimeoutException extends ConnectException, so timeouts are checked first.
      if (t instanceof TimeoutException || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
        return UpstreamFailure.TIMEOUT;
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException
        || t instanceof NoRouteToHostException) {
        return UpstreamFailure.REFUSED;
      }
    }
    return UpstreamFailure.RESET;
  }
}
