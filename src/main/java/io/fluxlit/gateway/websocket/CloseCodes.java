package io.fluxlit.gateway.websocket;

/** Which close code to send on when one side of a relayed WebSocket closes. */
final class CloseCodes {

  private CloseCodes() {
  }

  /**
   * @param received the code the closing side sent, or {@code null} when it vanished without a
   *     close frame
   * @param abrupt the code to use when it vanished
   * @return a code that may be sent on the wire (1005, 1006 and 1015 may not)
   */
  static short forward(Short received, short abrupt) {
    if (received == null) {
      return abrupt;
    }
    int code = received;
    boolean sendable = code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    if (sendable) {
      return received;
    }
    return code == 1005 ? 1000 : abrupt;
  }
}
