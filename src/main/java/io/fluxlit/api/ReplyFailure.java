package io.fluxlit.api;

import io.vertx.core.eventbus.ReplyException;

/**
 * How a failed event-bus request becomes an HTTP answer, the same on both hops (gateway to API
 * verticle, API verticle to extension): no reply in time 504, nobody consuming the address 503,
 * a recipient failure its 4xx/5xx code and message, anything else 500 without details.
 *
 * @param status the HTTP status
 * @param detail the message for the JSON body, safe to show the client
 */
public record ReplyFailure(int status, String detail) {

  /**
   * @param error the failure of {@code eventBus().request(...)}
   * @param recipient who was asked, for the message: "the API", "the extension"
   * @return the answer to give
   */
  public static ReplyFailure of(Throwable error, String recipient) {
    if (error instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case TIMEOUT:
          return new ReplyFailure(504, "Gateway Timeout: " + recipient + " did not answer in time");
        case NO_HANDLERS:
          return new ReplyFailure(503, "Service Unavailable: " + recipient + " serving this route is not running");
        default:
          int code = reply.failureCode();
          if (code >= 400 && code <= 599 && code != 500) {
            return new ReplyFailure(code, String.valueOf(reply.getMessage()));
          }
      }
    }
    return new ReplyFailure(500, "Internal Server Error");
  }
}
