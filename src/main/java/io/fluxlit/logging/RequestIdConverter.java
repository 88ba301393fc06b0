package io.fluxlit.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback pattern converter ({@code %requestId}) that prints the current request ID, or
 * {@code -} outside a request. It reads the Vert.x context of the logging thread, so it must run
 * in a synchronous appender (an async appender would encode on another thread).
 */
public final class RequestIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    String id = RequestId.current();
    return id == null ? "-" : id;
  }
}
