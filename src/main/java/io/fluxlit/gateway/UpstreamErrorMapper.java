package io.fluxlit.gateway;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
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
    for (Throwable t = error; t != null; t = t.getCause()) {
      // Netty's ConnectTimeoutException extends ConnectException, so timeouts are checked first.
      if (t instanceof TimeoutException || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
        return UpstreamFailure.TIMEOUT;
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException
        || t instanceof NoRouteToHostException) {
        return UpstreamFailure.REFUSED;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return UpstreamFailure.RESET;
  }
}
