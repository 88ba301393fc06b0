package io.fluxlit.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import net.logstash.logback.composite.AbstractFieldJsonProvider;

import java.io.IOException;

/**
 * Logstash JSON provider writing {@code request_id} from the Vert.x context of the logging
 * thread. It must run in a synchronous appender: an async appender encodes on another thread,
 * where there is no request context. Lines that already carry {@code request_id} as a key/value
 * (the access line) are left to that value.
 */
public final class RequestIdJsonProvider extends AbstractFieldJsonProvider<ILoggingEvent> {

  public RequestIdJsonProvider() {
    setFieldName(LogFields.REQUEST_ID);
  }

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    if (event.getKeyValuePairs() != null) {
      for (var pair : event.getKeyValuePairs()) {
        if (LogFields.REQUEST_ID.equals(pair.key)) {
          return;
        }
      }
    }
    String id = RequestId.current();
    if (id != null) {
      generator.writeStringField(getFieldName(), id);
    }
  }
}
